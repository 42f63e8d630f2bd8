package io.llmaas.keys.rest;

import static io.llmaas.keys.support.Api.master;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.quarkus.test.junit.QuarkusTest;

/** Team members as the portal manages them: named by their login name, shown with their names to members. */
@QuarkusTest
class TeamResourceTest {

    @Test
    void teamAdminsAddMembersByLoginNameAndMembersSeeWhoIsInTheTeam() {
        String lead = Api.unique("lead");
        String dev = Api.unique("dev");
        String leadId = login(lead);
        String devId = login(dev);
        String team = master().body("{\"alias\":\"Search\",\"members\":[{\"userId\":\"" + leadId
                + "\",\"role\":\"admin\"}]}").post("/api/teams").then().statusCode(201).extract().path("id");

        Api.actingAs(leadId).body("{\"externalId\":\"" + dev + "\",\"role\":\"member\"}")
                .post("/api/teams/" + team + "/members").then().statusCode(200)
                .body("members.find { it.userId == '" + devId + "' }.externalId", equalTo(dev))
                .body("members.find { it.userId == '" + devId + "' }.role", equalTo("member"));
        Api.actingAs(devId).get("/api/teams/" + team).then().statusCode(200)
                .body("members.externalId", hasItem(lead))
                .body("members.find { it.userId == '" + leadId + "' }.displayName", equalTo(lead + " Example"));

        Api.actingAs(devId).body("{\"externalId\":\"" + lead + "\",\"role\":\"viewer\"}")
                .post("/api/teams/" + team + "/members").then().statusCode(403);
        Api.actingAs(leadId).body("{\"externalId\":\"nobody-" + lead + "\"}").post("/api/teams/" + team + "/members")
                .then().statusCode(400).body("error.fields[0].field", equalTo("externalId"));
        Api.actingAs(leadId).body("{\"role\":\"member\"}").post("/api/teams/" + team + "/members").then()
                .statusCode(400).body("error.fields[0].field", equalTo("userId"));
    }

    /** The portal's login upsert; answers the user's id. */
    private static String login(String name) {
        return Api.service().body("{\"externalId\":\"" + name + "\",\"displayName\":\"" + name + " Example\","
                + "\"role\":\"user\"}").put("/api/users/by-external-id").then().statusCode(201).extract().path("id");
    }
}
