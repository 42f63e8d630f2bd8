package io.llmaas.keys.rest;

import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.verify;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.quarkus.test.junit.QuarkusTest;

/** Subscriptions, their approval flow, and what a key may see (visible) versus call (callable). */
@QuarkusTest
class SubscriptionResourceTest {

    @Test
    void restrictedModelsWaitForApprovalAndOnlyActiveSubscriptionsAreCallable() {
        String user = Api.user("user");
        String open = Api.model(false);
        String restricted = Api.model(true);
        String secret = Api.actingAs(user).body("{\"models\":[\"" + open + "\",\"" + restricted + "\"]}")
                .post("/api/keys").then().statusCode(201).extract().path("key");
        verify(secret).body("visibleModels", containsInAnyOrder(open, restricted)).body("callableModels", empty());

        String openSub = Api.actingAs(user).body("{\"userId\":\"" + user + "\",\"model\":\"" + open + "\"}")
                .post("/api/subscriptions").then().statusCode(201).body("status", equalTo("active"))
                .extract().path("id");
        String pending = Api.actingAs(user).body("{\"userId\":\"" + user + "\",\"model\":\"" + restricted
                + "\",\"reason\":\"research\"}").post("/api/subscriptions").then().statusCode(201)
                .body("status", equalTo("pending")).extract().path("id");
        verify(secret).body("callableModels", contains(open));

        Api.actingAs(user).post("/api/subscriptions/" + pending + "/approve").then().statusCode(403);
        master().body("{\"reason\":\"ok for research\"}").post("/api/subscriptions/" + pending + "/approve").then()
                .statusCode(200).body("status", equalTo("active"));
        verify(secret).body("callableModels", hasItem(restricted));

        master().post("/api/subscriptions/" + pending + "/revert").then().statusCode(200)
                .body("status", equalTo("pending"));
        master().body("{\"reason\":\"no\"}").post("/api/subscriptions/" + pending + "/deny").then().statusCode(200)
                .body("status", equalTo("denied"));
        master().post("/api/subscriptions/" + pending + "/deny").then().statusCode(409)
                .body("error.type", equalTo("conflict_error"));
        Api.actingAs(user).post("/api/subscriptions/" + pending + "/request-review").then().statusCode(200)
                .body("status", equalTo("pending"));
        master().get("/api/subscriptions/" + pending + "/history").then().statusCode(200)
                .body("toStatus", contains("pending", "active", "pending", "denied", "pending"))
                .body("[1].actor", equalTo("master-key")).body("[1].reason", equalTo("ok for research"))
                .body("[0].actor", equalTo(user));

        master().queryParam("status", "pending").queryParam("model", restricted).get("/api/subscriptions").then()
                .statusCode(200).body("id", contains(pending));
        master().body("{\"ids\":[\"" + pending + "\",\"" + openSub + "\"]}").post("/api/subscriptions/bulk/deny")
                .then().statusCode(409);
        master().get("/api/subscriptions/" + pending).then().body("status", equalTo("pending"));
        master().body("{\"ids\":[\"" + pending + "\"]}").post("/api/subscriptions/bulk/approve").then()
                .statusCode(200).body("status", contains("active"));

        master().body("{\"restricted\":false}").patch("/api/models/" + open).then().statusCode(200);
        master().body("{\"restricted\":true}").patch("/api/models/" + open).then().statusCode(200);
        master().get("/api/subscriptions/" + openSub).then().body("status", equalTo("pending"))
                .body("reason", equalTo("model became restricted"));
        verify(secret).body("callableModels", not(hasItem(open))).body("visibleModels", hasItem(open));

        master().body("{\"enabled\":false}").patch("/api/models/" + open).then().statusCode(200);
        verify(secret).body("visibleModels", not(hasItem(open)));
        Api.actingAs(user).post("/api/subscriptions/" + openSub + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void adminKeyGenerationGrantsMissingSubscriptions() {
        String user = Api.user("user");
        String restricted = Api.model(true);
        String secret = master().body("{\"user_id\":\"" + user + "\",\"models\":[\"" + restricted + "\"]}")
                .post("/key/generate").then().statusCode(200).extract().path("key");
        verify(secret).body("callableModels", contains(restricted));
        master().queryParam("userId", user).get("/api/subscriptions").then()
                .body("status", contains("active")).body("reason", contains("granted by key generation"));

        String serviceKey = master().body("{\"models\":[\"" + restricted + "\"]}").post("/key/generate").then()
                .statusCode(200).extract().path("key");
        verify(serviceKey).body("userId", equalTo(null)).body("callableModels", contains(restricted));
    }

    @Test
    void teamKeysFollowTheTeamsSubscriptions() {
        String admin = Api.user("user");
        String member = Api.user("user");
        String model = Api.model(false);
        String team = master().body("{\"alias\":\"t\",\"members\":[{\"userId\":\"" + admin + "\",\"role\":\"admin\"},"
                + "{\"userId\":\"" + member + "\",\"role\":\"member\"}]}").post("/api/teams").then().statusCode(201)
                .extract().path("id");
        String secret = Api.actingAs(member).body("{\"teamId\":\"" + team + "\"}").post("/api/keys").then()
                .statusCode(201).extract().path("key");
        verify(secret).body("teamId", equalTo(team)).body("callableModels", empty());
        Api.actingAs(member).body("{\"teamId\":\"" + team + "\",\"model\":\"" + model + "\"}")
                .post("/api/subscriptions").then().statusCode(403);
        Api.actingAs(admin).body("{\"teamId\":\"" + team + "\",\"model\":\"" + model + "\"}")
                .post("/api/subscriptions").then().statusCode(201).body("status", equalTo("active"));
        verify(secret).body("callableModels", contains(model));
        master().body("{\"rpmLimit\":30}").patch("/api/teams/" + team).then().statusCode(200);
        verify(secret).body("teamLimits.rpm", equalTo(30));
    }
}
