package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.testing.OpenShiftLoginResource;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /internal/audit}: the service token is required, redelivery is a no-op, keys that slipped through are
 * redacted on the way in and on the way out, and the audit pages filter what was stored.
 */
@QuarkusTest
@QuarkusTestResource(value = OpenShiftLoginResource.class, restrictToAnnotatedClass = true)
class InternalAuditResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void recordsAreStoredOnceAndSecretsRedacted() throws Exception {
        String id = "kso_" + UUID.randomUUID();
        String batch = """
                [{"id":"%s","at":"2025-03-01T10:15:30Z","service":"keys-service","actor":"usr_alice",
                  "action":"key.create","targetType":"key","targetId":"key_123",
                  "before":null,
                  "after":{"key_alias":"ci","key":"sk-fake-secret-fixture-one","note":"made from sk-fake-fixture-two",
                           "max_budget":10,"api_key":"whatever"},
                  "sourceIp":"10.1.2.3","requestId":"req_1"}]""".formatted(id);

        JsonNode first = JSON.readTree(post(batch, OpenShiftLoginResource.SERVICE_TOKEN).body());
        JsonNode again = JSON.readTree(post(batch, OpenShiftLoginResource.SERVICE_TOKEN).body());
        assertThat(first.get("accepted").asInt()).isEqualTo(1);
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(1);

        PortalClient auditor = login("audit-reader", List.of("llmaas-readonly"));
        HttpResponse<String> listed = auditor.get("/api/audit?actor=usr_alice&action=key.");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(listed.body()).get("entries");
        assertThat(entries).hasSize(1);
        JsonNode after = entries.get(0).get("after");
        assertThat(after.get("key_alias").asText()).isEqualTo("ci");
        assertThat(after.get("key").asText()).isEqualTo("[redacted]");
        assertThat(after.get("api_key").asText()).isEqualTo("[redacted]");
        assertThat(after.get("note").asText()).isEqualTo("made from sk-[redacted]");
        assertThat(after.get("max_budget").asInt()).isEqualTo(10);
        assertThat(listed.body()).doesNotContain("secret-fixture-one").doesNotContain("fixture-two");

        HttpResponse<String> page = auditor.getHtml("/admin/audit/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("key.create").contains("key_alias").doesNotContain("secret-fixture-one");
    }

    @Test
    void theListFiltersByTimeAndText() throws Exception {
        String marker = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        post("""
                [{"id":"old-%1$s","at":"2020-01-01T00:00:00Z","service":"usage-service","actor":"svc",
                  "action":"alert.create","targetType":"budget","targetId":"%1$s-old","before":null,
                  "after":{"threshold":0.9}},
                 {"id":"new-%1$s","at":"2030-01-01T00:00:00Z","service":"usage-service","actor":"svc",
                  "action":"alert.create","targetType":"budget","targetId":"%1$s-new","before":null,
                  "after":{"threshold":0.5}}]"""
                .formatted(marker), OpenShiftLoginResource.SERVICE_TOKEN);
        PortalClient auditor = login("audit-filter", List.of("llmaas-readonly"));

        JsonNode recent = JSON.readTree(auditor.get("/api/audit?q=" + marker + "&from=2025-01-01T00:00:00Z").body());
        assertThat(recent.get("total").asInt()).isEqualTo(1);
        assertThat(recent.get("entries").get(0).get("targetId").asText()).isEqualTo(marker + "-new");

        HttpResponse<String> page = auditor.getHtml("/admin/audit?q=" + marker + "&to=2025-01-01T00:00");
        assertThat(page.body()).contains(marker + "-old").doesNotContain(marker + "-new");
        HttpResponse<String> fragment = auditor.send(HttpRequest.newBuilder(base.resolve("/admin/audit?q=" + marker))
                .GET(), Map.of("HX-Request", "true"));
        assertThat(fragment.body()).contains("audit-table").doesNotContain("<html");
        HttpResponse<String> restored = auditor.send(HttpRequest.newBuilder(base.resolve("/admin/audit?q=" + marker))
                .GET(), Map.of("HX-Request", "true", "HX-History-Restore-Request", "true"));
        assertThat(restored.body()).contains("<html").contains("audit-table");
        HttpResponse<String> bad = auditor.getHtml("/admin/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("must be a date and time");
    }

    @Test
    void malformedBatchesAreRefusedWithTheSharedErrorShape() throws Exception {
        HttpResponse<String> noId = post("[{\"action\":\"x\"}]", OpenShiftLoginResource.SERVICE_TOKEN);
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noId.body()).get("error").get("param").asText()).isEqualTo("id");
        HttpResponse<String> notJson = post("{", OpenShiftLoginResource.SERVICE_TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(post("[]", "wrong").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String body, String token) {
        return new PortalClient(base).send(HttpRequest.newBuilder(base.resolve("/internal/audit"))
                .POST(HttpRequest.BodyPublishers.ofString(body)),
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
    }

    private PortalClient login(String user, List<String> groups) {
        OpenShiftLoginResource.oauth().nextLogin(user, groups);
        PortalClient client = new PortalClient(base);
        client.login();
        return client;
    }
}
