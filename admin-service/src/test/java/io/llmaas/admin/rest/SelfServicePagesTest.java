package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

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
 * The self-service pages against real keys- and usage-service processes: the catalog and subscribing (open models at
 * once, restricted ones pending with the reason), cancel and review, keys created within the admin-set maxima and
 * shown exactly once, rotation with a grace period, block, unblock, delete — each checked in keys-service itself.
 */
@QuarkusTest
@TestProfile(PlatformProfile.class)
class SelfServicePagesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theCatalogShowsEnabledModelsWithTheirSubscriptionAndSubscribingFollowsTheModelsAccess() {
        String open = Platform.model(false);
        String locked = Platform.model(true);
        PortalClient dev = Platform.developer(base, Platform.unique("dev"));

        String catalog = dev.getHtml("/models").body();
        assertThat(catalog).contains("data-model=\"" + open + "\"").contains("data-model=\"" + locked + "\"")
                .contains("$1.00 / 1M tokens").contains("8,192 tokens");
        assertThat(dev.getHtml("/models?q=" + open).body()).contains("data-model=\"" + open + "\"")
                .doesNotContain("data-model=\"" + locked + "\"");
        assertThat(dev.getHtml("/models?access=restricted").body()).contains("data-model=\"" + locked + "\"")
                .doesNotContain("data-model=\"" + open + "\"");

        HttpResponse<String> subscribed = dev.postForm("/models/" + open + "/subscribe", "reason=");
        assertThat(subscribed.statusCode()).isEqualTo(303);
        assertThat(subscribed.headers().firstValue("Location").orElseThrow()).endsWith("/models/" + open
                + "?notice=subscribed");
        HttpResponse<String> requested = dev.postForm("/models/" + locked + "/subscribe",
                "reason=" + URLEncoder.encode("fraud research", StandardCharsets.UTF_8));
        assertThat(requested.headers().firstValue("Location").orElseThrow()).endsWith("/models/" + locked
                + "?notice=pending");

        JsonNode subscriptions = ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions?model=" + locked,
                null));
        assertThat(subscriptions).hasSize(1);
        assertThat(subscriptions.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(subscriptions.get(0).get("reason").asText()).isEqualTo("fraud research");

        String mine = dev.getHtml("/subscriptions").body();
        assertThat(mine).contains("data-model=\"" + open + "\"").contains("data-status=\"active\"")
                .contains("data-model=\"" + locked + "\"").contains("data-status=\"pending\"");
        assertThat(dev.getHtml("/models?access=subscribed").body()).contains("data-model=\"" + open + "\"")
                .doesNotContain("data-model=\"" + locked + "\"");
        assertThat(dev.getHtml("/gateway").body()).contains("<option value=\"" + open + "\"")
                .doesNotContain("<option value=\"" + locked + "\"");
    }

    @Test
    void cancellingAndAskingForAReviewMoveTheSubscriptionAndKeepItsHistory() {
        String locked = Platform.model(true);
        PortalClient dev = Platform.developer(base, Platform.unique("dev"));
        dev.postForm("/models/" + locked + "/subscribe", "reason=first");
        String id = ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions?model=" + locked, null)).get(0)
                .get("id").asText();
        ServiceCalls.keys("POST", "/api/subscriptions/" + id + "/deny", "{\"reason\":\"not now\"}");

        String denied = dev.getHtml("/subscriptions/" + id).body();
        assertThat(denied).contains("not now").contains("id=\"review-form\"");
        assertThat(dev.postForm("/subscriptions/" + id + "/request-review", "reason=please").statusCode())
                .isEqualTo(303);
        assertThat(status(id)).isEqualTo("pending");
        assertThat(dev.postForm("/subscriptions/" + id + "/cancel", "").statusCode()).isEqualTo(303);
        assertThat(status(id)).isEqualTo("cancelled");
        assertThat(dev.getHtml("/subscriptions/" + id).body()).contains("pending → cancelled")
                .contains("denied → pending").contains("please");
    }

    @Test
    void aKeyIsShownOnceWithinTheAdminSetMaximumsAndNeverAgain() {
        String open = Platform.model(false);
        PortalClient dev = Platform.developer(base, Platform.unique("dev"));
        dev.postForm("/models/" + open + "/subscribe", "");
        String form = "alias=" + Platform.unique("laptop") + "&models=" + open
                + "&expiryDays=30&maxBudget=5&rpmLimit=20&tpmLimit=5000";

        HttpResponse<String> tooMuch = dev.postFormWithHtmx("/keys",
                "alias=greedy&models=" + open + "&expiryDays=30&maxBudget=100000&rpmLimit=20&tpmLimit=5000");
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(tooMuch.body()).contains("data-error-for=\"maxBudget\"").doesNotContain("new-key-secret");
        HttpResponse<String> notSubscribed = dev.postFormWithHtmx("/keys", "models=" + Platform.model(false));
        assertThat(notSubscribed.statusCode()).isEqualTo(400);
        assertThat(notSubscribed.body()).contains("data-error-for=\"models\"");

        HttpResponse<String> created = dev.postFormWithHtmx("/keys", form);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(created.body()).contains("you will not see it again").doesNotContain("<html");
        String secret = Platform.secretIn(created.body());

        String list = dev.getHtml("/keys").body();
        String keyId = Platform.firstKeyIdIn(list);
        assertThat(list).doesNotContain(secret).contains(secret.substring(0, 9));
        assertThat(dev.getHtml("/keys/" + keyId).body()).doesNotContain(secret);
        assertThat(dev.get("/api/usage/report").body()).doesNotContain(secret);
        JsonNode stored = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null));
        assertThat(stored.toString()).doesNotContain(secret);
        assertThat(stored.get("rpmLimit").asInt()).isEqualTo(20);
        assertThat(stored.get("tpmLimit").asInt()).isEqualTo(5000);
        assertThat(stored.get("budget").get("maxBudget").asInt()).isEqualTo(5);
        assertThat(stored.get("models").get(0).asText()).isEqualTo(open);
        assertThat(stored.get("expiresAt").asText()).isNotBlank();
    }

    @Test
    void rotationGivesANewSecretAndKeepsTheOldOneForTheGracePeriodAndBlockingAndDeletingReachKeysService() {
        PortalClient dev = Platform.developer(base, Platform.unique("dev"));
        String first = Platform.secretIn(dev.postForm("/keys", "alias=" + Platform.unique("ci")).body());
        String keyId = Platform.firstKeyIdIn(dev.getHtml("/keys").body());

        HttpResponse<String> rotated = dev.postFormWithHtmx("/keys/" + keyId + "/rotate", "graceMinutes=60");
        String second = Platform.secretIn(rotated.body());
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.body()).contains("The previous key keeps working until");
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("graceUntil")
                .asText()).isNotBlank();
        assertThat(dev.getHtml("/keys/" + keyId).body()).doesNotContain(first).doesNotContain(second)
                .contains("id=\"grace-until\"");

        assertThat(dev.postForm("/keys/" + keyId + "/block", "").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("blocked")
                .asBoolean()).isTrue();
        assertThat(dev.getHtml("/keys/" + keyId + "?notice=blocked").body()).contains("data-status=\"blocked\"")
                .contains("id=\"unblock-button\"");
        dev.postForm("/keys/" + keyId + "/unblock", "");
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("blocked")
                .asBoolean()).isFalse();
        assertThat(dev.postForm("/keys/" + keyId + "/delete", "").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.keys("GET", "/api/keys/" + keyId, null).statusCode()).isEqualTo(404);
        assertThat(dev.getHtml("/keys").body()).doesNotContain(keyId).contains("id=\"keys-empty\"");
    }

    private static String status(String subscriptionId) {
        return ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions/" + subscriptionId, null))
                .get("status").asText();
    }
}
