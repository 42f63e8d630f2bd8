package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.admin.testing.Platform;
import io.llmaas.admin.testing.PlatformProfile;
import io.llmaas.admin.testing.PortalClient;
import io.llmaas.admin.testing.ServiceCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Ownership through the BFF: user B, knowing (or guessing) the ids of user A's keys, subscriptions, team and usage,
 * can neither see nor change them through any portal endpoint — each answer is "not found", exactly as for an id that
 * does not exist — and keys-service still holds A's things unchanged. Team roles decide what members may do. Usage is
 * the portal's to scope: usage-service answers any filter for the service token.
 */
@QuarkusTest
@TestProfile(PlatformProfile.class)
class OwnershipTest {

    @TestHTTPResource("/")
    URI base;

    private String model;
    private PortalClient alice;
    private PortalClient bob;
    private String aliceKey;
    private String aliceSubscription;
    private String aliceId;

    @BeforeEach
    void aliceHasAKeyASubscriptionAndUsage() {
        model = Platform.model(false);
        alice = Platform.developer(base, Platform.unique("alice"));
        bob = Platform.developer(base, Platform.unique("bob"));
        alice.postForm("/models/" + model + "/subscribe", "");
        Platform.secretIn(alice.postForm("/keys", "alias=" + Platform.unique("alice-key") + "&models=" + model)
                .body());
        aliceKey = Platform.firstKeyIdIn(alice.getHtml("/keys").body());
        JsonNode key = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + aliceKey, null));
        aliceId = key.get("userId").asText();
        aliceSubscription = ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions?model=" + model, null))
                .get(0).get("id").asText();
    }

    @Test
    void anotherUsersKeysAndSubscriptionsAreNotFoundThroughAnyEndpoint() {
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/keys/" + aliceKey, "/subscriptions/" + aliceSubscription,
                "/usage?keyId=" + aliceKey, "/api/usage/report?keyId=" + aliceKey,
                "/api/usage/chart?keyId=" + aliceKey, "/usage/export?keyId=" + aliceKey)) {
            softly.assertThat(bob.get(path).statusCode()).as("GET " + path).isEqualTo(404);
        }
        for (String path : List.of("/keys/" + aliceKey + "/block", "/keys/" + aliceKey + "/unblock",
                "/keys/" + aliceKey + "/delete", "/keys/" + aliceKey + "/rotate",
                "/subscriptions/" + aliceSubscription + "/cancel",
                "/subscriptions/" + aliceSubscription + "/request-review")) {
            HttpResponse<String> response = bob.postForm(path, "graceMinutes=0&reason=mine");
            softly.assertThat(response.statusCode()).as("POST " + path).isEqualTo(404);
            softly.assertThat(response.body()).as("POST " + path).doesNotContain("new-key-secret");
        }
        softly.assertThat(bob.get("/keys/key_doesnotexist0000").statusCode()).as("an id that does not exist")
                .isEqualTo(404);
        softly.assertThat(bob.getHtml("/keys").body()).doesNotContain(aliceKey);
        softly.assertThat(bob.getHtml("/subscriptions").body()).doesNotContain(aliceSubscription);
        softly.assertAll();

        JsonNode key = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + aliceKey, null));
        assertThat(key.get("blocked").asBoolean()).isFalse();
        assertThat(key.get("graceUntil").isNull()).isTrue();
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions/" + aliceSubscription, null))
                .get("status").asText()).isEqualTo("active");
    }

    @Test
    void usageIsScopedToTheUserWhateverTheFiltersSay() {
        String bobKey = Platform.firstKeyIdIn(keyPage(bob));
        String bobId = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + bobKey, null)).get("userId")
                .asText();
        String aliceRequest = ServiceCalls.meteredRequest(aliceKey, aliceId, null, model, 1000, 500, "0.25");
        String bobRequest = ServiceCalls.meteredRequest(bobKey, bobId, null, model, 10, 5, "0.01");

        JsonNode mine = ServiceCalls.json(bob.get("/api/usage/report"));
        assertThat(mine.get("totals").get("requests").asLong()).isEqualTo(1);
        assertThat(mine.get("totals").get("totalTokens").asLong()).isEqualTo(15);
        assertThat(mine.get("byKey").toString()).contains(bobKey).doesNotContain(aliceKey);
        JsonNode alices = ServiceCalls.json(alice.get("/api/usage/report"));
        assertThat(alices.get("totals").get("totalTokens").asLong()).isEqualTo(1500);
        assertThat(ServiceCalls.json(bob.get("/api/usage/chart")).toString()).contains("\"requests\":1")
                .doesNotContain("\"requests\":2");

        HttpResponse<String> export = bob.get("/usage/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(export.body()).contains(bobRequest).doesNotContain(aliceRequest);
        assertThat(bob.get("/api/admin/usage/report").statusCode()).isEqualTo(403);
        assertThat(bob.get("/admin/usage/export").statusCode()).isEqualTo(403);
    }

    @Test
    void teamRolesDecideWhatMembersMayDo() {
        String lead = Platform.unique("lead");
        String viewer = Platform.unique("viewer");
        PortalClient leadClient = Platform.developer(base, lead);
        PortalClient viewerClient = Platform.developer(base, viewer);
        PortalClient admin = Platform.admin(base);
        HttpResponse<String> created = admin.postForm("/admin/teams", "alias=" + Platform.unique("search")
                + "&adminLogin=" + lead);
        assertThat(created.statusCode()).isEqualTo(303);
        String teamPath = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath()
                .replace("/admin", "");
        String teamId = teamPath.substring("/teams/".length());

        assertThat(leadClient.postForm(teamPath + "/members", "loginName=" + viewer + "&role=viewer").statusCode())
                .isEqualTo(303);
        assertThat(leadClient.getHtml(teamPath).body()).contains("data-member=\"" + viewer + "\"");
        assertThat(viewerClient.getHtml(teamPath).body()).contains("data-member=\"" + lead + "\"")
                .doesNotContain("id=\"member-form\"").doesNotContain("id=\"key-form\"");
        assertThat(viewerClient.postForm(teamPath + "/members", "loginName=" + viewer + "&role=admin").statusCode())
                .isEqualTo(403);
        assertThat(viewerClient.postForm(teamPath + "/keys", "alias=" + Platform.unique("x")).statusCode())
                .isEqualTo(403);
        assertThat(bob.getHtml(teamPath).statusCode()).isEqualTo(404);
        assertThat(bob.get("/api/usage/report?teamId=" + teamId).statusCode()).isEqualTo(404);
        assertThat(bob.postForm(teamPath + "/members", "loginName=" + Platform.unique("x") + "&role=member")
                .statusCode()).isEqualTo(404);

        HttpResponse<String> teamKey = leadClient.postFormWithHtmx(teamPath + "/keys", "alias="
                + Platform.unique("team-key"));
        assertThat(teamKey.statusCode()).isEqualTo(200);
        Platform.secretIn(teamKey.body());
        assertThat(viewerClient.getHtml(teamPath).body()).contains("id=\"team-keys\"");
        JsonNode team = ServiceCalls.json(ServiceCalls.keys("GET", "/api/teams/" + teamId, null));
        assertThat(team.get("members").toString()).contains(viewer).contains("\"viewer\"");
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys?teamId=" + teamId, null))).hasSize(1);
        assertThat(viewerClient.get("/api/usage/report?teamId=" + teamId).statusCode()).isEqualTo(200);
    }

    private static String keyPage(PortalClient user) {
        Platform.secretIn(user.postForm("/keys", "alias=" + Platform.unique("k")).body());
        return user.getHtml("/keys").body();
    }
}
