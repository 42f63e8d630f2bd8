package io.llmaas.keys.rest;

import static io.llmaas.keys.support.Api.master;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/** Bad input on every management endpoint: a JSON error with the field, and nothing half-written. */
@QuarkusTest
class BadInputTest {

    record Case(String method, String path, String body, int status, String field) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("POST", "/api/users", "{\"role\":\"king\"}", 400, "role"),
                new Case("POST", "/api/users", "{\"rpmLimit\":-1}", 400, "rpmLimit"),
                new Case("POST", "/api/users", "{\"rpmLimit\":\"x\"}", 400, "rpmLimit"),
                new Case("POST", "/api/users", "[1]", 400, "body"),
                new Case("PUT", "/api/users/by-external-id", "{}", 400, "externalId"),
                new Case("POST", "/api/teams", "{\"members\":[{\"userId\":\"nobody\",\"role\":\"admin\"}]}", 400,
                        "member.user_id"),
                new Case("POST", "/api/models", "{\"alias\":\"bad alias!\"}", 400, "alias"),
                new Case("POST", "/api/models", "{\"alias\":\"ok-alias-1\",\"deployments\":[{\"backend\":\"x\","
                        + "\"baseUrl\":\"ftp://x\",\"upstreamModel\":\"m\"}]}", 400, "deployments[0].backend"),
                new Case("POST", "/api/keys", "{\"models\":[\"no-such-model\"]}", 400, "models"),
                new Case("POST", "/api/keys", "{\"expiresAt\":\"tomorrow\"}", 400, "expiresAt"),
                new Case("POST", "/api/keys", "{\"maxBudget\":10,\"budgetDuration\":\"30m\"}", 400, "budget_duration"),
                new Case("POST", "/api/keys", "{\"modelRpmLimit\":{\"x\":-1}}", 400, "modelRpmLimit"),
                new Case("POST", "/api/subscriptions", "{\"model\":\"x\"}", 400, "userId"),
                new Case("POST", "/api/import/litellm", "model_list: 3", 400, "model_list"),
                new Case("POST", "/key/generate", "{\"rpm_limit\":\"fast\",\"tpm_limit\":-5}", 400, "rpm_limit"),
                new Case("POST", "/key/generate", "{\"duration\":\"soon\"}", 400, "duration"),
                new Case("POST", "/key/generate", "{\"key\":\"sk-mine\"}", 400, "key"),
                new Case("POST", "/key/update", "{\"rpm_limit\":1}", 400, "key"),
                new Case("POST", "/key/delete", "{}", 400, "keys"),
                new Case("POST", "/key/regenerate", "{\"key\":\"x\",\"grace_period\":\"later\"}", 400,
                        "grace_period"),
                new Case("POST", "/user/new", "{\"user_role\":\"wizard\"}", 400, "user_role"),
                new Case("POST", "/user/update", "{\"rpm_limit\":1}", 400, "user_id"),
                new Case("POST", "/user/delete", "{\"user_ids\":[]}", 400, "user_ids"),
                new Case("POST", "/team/new", "{\"members_with_roles\":[{\"role\":\"boss\",\"user_id\":\"nobody\"}]}",
                        400, "member.user_id"),
                new Case("POST", "/team/member_add", "{\"team_id\":\"t\"}", 400, "member"),
                new Case("POST", "/team/member_delete", "{}", 400, "team_id"),
                new Case("POST", "/team/update", "{\"tpm_limit\":1}", 400, "team_id"),
                new Case("POST", "/model/new", "{\"model_name\":\"m\",\"litellm_params\":{\"model\":\"nope\"}}", 400,
                        "litellm_params.model"),
                new Case("POST", "/model/update", "{\"model_info\":{}}", 400, "id"),
                new Case("POST", "/model/delete", "{}", 400, "id"),
                new Case("POST", "/api/subscriptions/bulk/approve", "{\"ids\":[]}", 400, "ids"),
                new Case("POST", "/api/budgets", "{\"maxBudget\":-1}", 400, "max_budget"),
                new Case("POST", "/budget/new", "{\"budget_duration\":\"5m\"}", 400, "budget_duration"),
                new Case("POST", "/internal/leases", "{\"gatewayId\":\"g\",\"asks\":[{\"scope\":\"key:k\","
                        + "\"kind\":\"RPM\",\"amount\":1,\"minAmount\":5}]}", 400, "asks[0].amount"),
                new Case("POST", "/internal/spend", "{\"batchId\":\"b\",\"entries\":[{\"keyId\":\"k\"}]}", 400,
                        "entries"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectedWithFieldErrorsAndNothingWritten(Case c) {
        String before = Db.dumpSchema();
        String contentType = c.path().startsWith("/api/import") ? "application/yaml" : "application/json";
        var caller = c.path().startsWith("/internal") ? Api.service() : master();
        var response = caller.contentType(contentType).body(c.body()).request(c.method(), c.path()).then()
                .statusCode(c.status()).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", notNullValue());
        response.body("error.fields.field", hasItem(c.field()));
        assertThat(Db.dumpSchema()).isEqualTo(before);
    }

    @Test
    void updatesOfExistingThingsAreAllOrNothing() {
        String user = Api.user("user");
        String key = master().body("{\"userId\":\"" + user + "\",\"rpmLimit\":5}").post("/api/keys").then()
                .statusCode(201).extract().path("info.id");
        String before = Db.dumpSchema();
        master().body("{\"rpmLimit\":7,\"models\":[\"no-such-model\"]}").patch("/api/keys/" + key).then()
                .statusCode(400).body("error.fields.field", hasItem("models"));
        master().body("{\"rpmLimit\":7,\"role\":\"emperor\"}").patch("/api/users/" + user).then().statusCode(400);
        master().body("{\"gracePeriodSeconds\":-5}").post("/api/keys/" + key + "/rotate").then().statusCode(400)
                .body("error.fields.field", hasItem("gracePeriodSeconds"));
        master().body("{\"key\":\"" + key + "\",\"rpm_limit\":9,\"budget_duration\":\"90s\",\"max_budget\":1}")
                .post("/key/update").then().statusCode(400);
        assertThat(Db.dumpSchema()).isEqualTo(before);
        master().get("/api/keys/" + key).then().body("rpmLimit", equalTo(5));
    }

    @Test
    void malformedJsonAndUnknownThingsAreJsonErrors() {
        master().body("{not json").post("/api/users").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
        master().get("/api/users/nobody").then().statusCode(404).body("error.type", equalTo("not_found_error"));
        master().body("{}").post("/api/subscriptions/nope/approve").then().statusCode(404);
        master().body("{\"key\":\"sk-unknown\"}").post("/key/block").then().statusCode(404);
        master().body("{\"id\":\"x\",\"role\":\"user\"}").post("/api/users").then().statusCode(201);
        master().body("{\"id\":\"x\"}").post("/api/users").then().statusCode(409)
                .body("error.type", equalTo("conflict_error"));
        String alias = Api.unique("dup");
        master().body("{\"alias\":\"" + alias + "\"}").post("/api/keys").then().statusCode(201);
        master().body("{\"alias\":\"" + alias + "\"}").post("/api/keys").then().statusCode(400)
                .body("error.fields.field", hasItem("key_alias"));
    }
}
