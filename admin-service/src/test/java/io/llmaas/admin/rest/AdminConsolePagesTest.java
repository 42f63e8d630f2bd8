package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

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
 * The admin console against real keys- and usage-service processes: models and deployments (with a connection test),
 * restricting a model, approvals one by one, in bulk and reverted, users' limits, spend reset and keys, teams, usage
 * analytics named as people know them — and a read-only admin who sees all of it and changes none of it. keys-service's
 * audit records of these changes reach the portal's audit log.
 */
@QuarkusTest
@TestProfile(PlatformProfile.class)
class AdminConsolePagesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void adminsManageModelsAndDeploymentsAndTheirChangesAreAudited() throws Exception {
        PortalClient admin = Platform.admin(base);
        String alias = Platform.unique("served");
        HttpResponse<String> created = admin.postForm("/admin/models", "alias=" + alias
                + "&description=Served+by+the+mock&capabilities=chat&contextWindow=4096&inputPricePer1M=0.5"
                + "&outputPricePer1M=1.5&enabled=true&backend=mock&baseUrl=mock%3A%2F%2Fdemo&upstreamModel=demo");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        JsonNode model = ServiceCalls.json(ServiceCalls.keys("GET", "/api/models/" + alias, null));
        assertThat(model.get("contextWindow").asInt()).isEqualTo(4096);
        assertThat(model.get("deployments")).hasSize(1);
        String deployment = model.get("deployments").get(0).get("id").asText();

        HttpResponse<String> invalid = admin.postForm("/admin/models", "alias=&contextWindow=many");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("data-error-for=\"contextWindow\"");

        HttpResponse<String> test = admin.postFormWithHtmx("/admin/deployments/" + deployment + "/test",
                "model=" + alias);
        assertThat(test.body()).contains("data-test-result=\"reachable\"").doesNotContain("<html");

        assertThat(admin.postForm("/admin/models/" + alias + "/disable", "").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/models/" + alias, null)).get("enabled")
                .asBoolean()).isFalse();
        admin.postForm("/admin/models/" + alias + "/enable", "");
        assertThat(admin.postForm("/admin/models/" + alias, "alias=" + alias + "&description=Renamed&capabilities=chat"
                + "&enabled=true&inputPricePer1M=2&outputPricePer1M=3").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/models/" + alias, null)).get("description")
                .asText()).isEqualTo("Renamed");
        assertThat(admin.getHtml("/admin/models").body()).contains("data-model=\"" + alias + "\"");

        String audit = awaitAudit(admin, "model.update", alias);
        assertThat(audit).contains("keys-service");
    }

    @Test
    void restrictingAModelSendsItsSubscriptionsBackForApprovalAndApprovalsWorkOneByOneInBulkAndReverted() {
        String alias = Platform.model(false);
        PortalClient dev = Platform.developer(base, Platform.unique("dev"));
        PortalClient other = Platform.developer(base, Platform.unique("dev"));
        dev.postForm("/models/" + alias + "/subscribe", "");
        other.postForm("/models/" + alias + "/subscribe", "");
        PortalClient admin = Platform.admin(base);

        assertThat(admin.postForm("/admin/models/" + alias + "/restrict", "").statusCode()).isEqualTo(303);
        String queue = admin.getHtml("/admin/subscriptions").body();
        assertThat(queue).contains("data-model=\"" + alias + "\"");
        JsonNode pending = ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions?model=" + alias
                + "&status=pending", null));
        assertThat(pending).hasSize(2);
        String first = pending.get(0).get("id").asText();
        String second = pending.get(1).get("id").asText();

        assertThat(admin.postForm("/admin/subscriptions/" + first + "/deny", "reason=no+budget&status=pending")
                .statusCode()).isEqualTo(303);
        assertThat(status(first)).isEqualTo("denied");
        assertThat(admin.postForm("/admin/subscriptions/" + first + "/revert", "status=denied").statusCode())
                .isEqualTo(303);
        assertThat(status(first)).isEqualTo("pending");
        assertThat(admin.postForm("/admin/subscriptions/bulk", "ids=" + first + "&ids=" + second
                + "&decision=approve&reason=ok&status=pending").statusCode()).isEqualTo(303);
        assertThat(status(first)).isEqualTo("active");
        assertThat(status(second)).isEqualTo("active");
        assertThat(admin.postForm("/admin/subscriptions/bulk", "decision=approve").statusCode()).isEqualTo(400);
    }

    @Test
    void usersTeamsLimitsSpendAndKeysAreManagedAndAReadOnlyAdminChangesNothing() {
        String name = Platform.unique("dev");
        PortalClient dev = Platform.developer(base, name);
        Platform.secretIn(dev.postForm("/keys", "alias=" + Platform.unique("k")).body());
        String keyId = Platform.firstKeyIdIn(dev.getHtml("/keys").body());
        String userId = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("userId")
                .asText();
        PortalClient admin = Platform.admin(base);
        PortalClient auditor = Platform.auditor(base);

        assertThat(admin.getHtml("/admin/users?q=" + name).body()).contains("data-user=\"" + name + "\"");
        String page = admin.getHtml("/admin/users/" + userId).body();
        assertThat(page).contains("data-key=\"" + keyId + "\"").contains("id=\"limits-form\"");
        assertThat(admin.postForm("/admin/users/" + userId + "/limits", "rpmLimit=42&tpmLimit=&maxParallel=3"
                + "&maxBudget=25&budgetDuration=30d").statusCode()).isEqualTo(303);
        JsonNode user = ServiceCalls.json(ServiceCalls.keys("GET", "/api/users/" + userId, null));
        assertThat(user.get("rpmLimit").asInt()).isEqualTo(42);
        assertThat(user.get("maxParallel").asInt()).isEqualTo(3);
        assertThat(user.get("budget").get("maxBudget").asInt()).isEqualTo(25);
        assertThat(admin.postForm("/admin/users/" + userId + "/limits", "rpmLimit=lots").statusCode())
                .isEqualTo(400);
        assertThat(admin.postForm("/admin/users/" + userId + "/spend-reset", "reason=test").statusCode())
                .isEqualTo(303);
        assertThat(admin.postForm("/admin/keys/" + keyId + "/block", "").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("blocked")
                .asBoolean()).isTrue();

        String auditorView = auditor.getHtml("/admin/users/" + userId).body();
        assertThat(auditorView).contains("data-key=\"" + keyId + "\"").doesNotContain("id=\"limits-save\"")
                .doesNotContain("/admin/keys/" + keyId + "/unblock");
        assertThat(auditor.postForm("/admin/keys/" + keyId + "/unblock", "").statusCode()).isEqualTo(403);
        assertThat(auditor.postForm("/admin/users/" + userId + "/limits", "rpmLimit=1").statusCode()).isEqualTo(403);
        assertThat(auditor.postForm("/keys", "alias=" + Platform.unique("mine")).statusCode()).isEqualTo(403);
        assertThat(auditor.getHtml("/admin/models").statusCode()).isEqualTo(200);
        assertThat(auditor.getHtml("/admin/subscriptions").body()).doesNotContain("id=\"bulk-form\"");
        assertThat(ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("blocked")
                .asBoolean()).isTrue();

        assertThat(admin.postForm("/admin/keys/" + keyId + "/delete", "").statusCode()).isEqualTo(303);
        assertThat(ServiceCalls.keys("GET", "/api/keys/" + keyId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void usageAnalyticsNameUsersTeamsAndKeysAndAlertsAreListed() {
        String name = Platform.unique("spender");
        PortalClient dev = Platform.developer(base, name);
        String alias = Platform.model(false);
        dev.postForm("/models/" + alias + "/subscribe", "");
        Platform.secretIn(dev.postForm("/keys", "alias=" + name + "-key&models=" + alias).body());
        String keyId = Platform.firstKeyIdIn(dev.getHtml("/keys").body());
        String userId = ServiceCalls.json(ServiceCalls.keys("GET", "/api/keys/" + keyId, null)).get("userId")
                .asText();
        String request = ServiceCalls.meteredRequest(keyId, userId, null, alias, 300, 200, "0.75");
        PortalClient auditor = Platform.auditor(base);

        String page = auditor.getHtml("/admin/usage?userId=" + userId).body();
        assertThat(page).contains("id=\"usage-by-user\"").contains(">" + name + "<").contains(">" + name + "-key<")
                .contains(">" + alias + "<").contains("data-chart-url=\"/api/admin/usage/chart?");
        JsonNode report = ServiceCalls.json(auditor.get("/api/admin/usage/report?userId=" + userId));
        assertThat(report.get("totals").get("costUsd").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(report.get("byUser").get(0).get("label").asText()).isEqualTo(name);
        assertThat(auditor.get("/admin/usage/export?userId=" + userId).body()).contains(request);
        assertThat(auditor.getHtml("/admin/alerts").statusCode()).isEqualTo(200);
    }

    /** keys-service ships its audit outbox every second; the entry appears in the portal's audit log shortly. */
    private static String awaitAudit(PortalClient admin, String action, String target) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String entries = "";
        while (Instant.now().isBefore(deadline)) {
            entries = admin.get("/api/audit?action=" + action + "&q=" + target).body();
            if (entries.contains("\"action\":\"" + action + "\"")) {
                return entries;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No " + action + " of " + target + " in the audit log: " + entries);
    }

    private static String status(String subscriptionId) {
        return ServiceCalls.json(ServiceCalls.keys("GET", "/api/subscriptions/" + subscriptionId, null))
                .get("status").asText();
    }
}
