package io.llmaas.usage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.usage.service.PartitionService;
import io.llmaas.usage.testing.FakeKeysService;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An export of 250,000 events must stream: while the client holds the connection after the first bytes, the
 * server's cursor is still open (the query has not been drained) and the heap has not grown by anything near the
 * size of the result (materialising it would take hundreds of MB).
 */
@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class UsageExportResourceTest {

    static final int EVENTS = 250_000;
    static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    static final long MAX_GROWTH_BYTES = 48L * 1024 * 1024;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PartitionService partitions;

    @TestHTTPResource("/")
    URL base;

    UsageTables db;

    @BeforeEach
    void seed() {
        db = new UsageTables(dataSource);
        db.truncateAll();
        partitions.ensure(List.of(DAY));
        db.execute("""
                INSERT INTO usage.usage_event (request_id, ts, gateway_id, key_id, key_alias, user_id, team_id, model,
                        endpoint, deployment_id, prompt_tokens, completion_tokens, cost_usd, status, latency_ms,
                        ttft_ms, streamed, estimated, metadata)
                SELECT 'exp-' || g, '%s'::timestamptz + (g * interval '300 milliseconds'), 'gw-export',
                       'key-' || (g %% 50), 'alias with, comma ' || (g %% 50), 'user-' || (g %% 200),
                       'team-' || (g %% 7), 'llama3-8b', 'chat', 'dep-1', 100 + g %% 13, 200 + g %% 17,
                       0.000123456, 200, 850, 40, g %% 2 = 0, false,
                       '{"project":"a fairly long project name to make rows realistic"}'::jsonb
                FROM generate_series(1, %d) g""".formatted(DAY.atStartOfDay(ZoneOffset.UTC).toInstant(), EVENTS));
    }

    @Test
    void csvExportOfALargeRangeStreamsInBoundedMemory() throws Exception {
        long baseline = usedMemoryAfterGc();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/usage/export?format=csv&from=" + DAY
                + "&to=" + DAY)).header("Authorization", "Bearer " + FakeServers.MASTER_KEY).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/csv"));

        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("request_id,timestamp,gateway_id,key_id");
            for (int i = 0; i < 1000; i++) {
                assertThat(reader.readLine()).startsWith("exp-");
            }
            // Paused mid-stream: the export's cursor is still open on the server, and the result is not in memory.
            // The server keeps fetching until the socket buffers are full, so its backend settles into "idle in
            // transaction" a moment after the client stops reading; it was caught "active" once in CI.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT request_id, ts%' "
                            + "AND query LIKE '%FROM usage.usage_event%' AND state LIKE 'idle in transaction%'"))
                    .isEqualTo(1));
            assertThat(usedMemoryAfterGc() - baseline).isLessThan(MAX_GROWTH_BYTES);

            long lines = 1001;
            String last = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                last = line;
            }
            assertThat(lines).isEqualTo(EVENTS + 1);
            assertThat(last).startsWith("exp-" + EVENTS + ",").contains("\"alias with, comma ");
        }
    }

    @Test
    void jsonExportIsOneArrayOfEvents() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/usage/export?format=json&from=" + DAY
                + "&to=" + DAY + "&keyId=key-7")).header("Authorization", "Bearer " + FakeServers.SERVICE_TOKEN)
                .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = FakeKeysService.JSON.readTree(response.body());
        assertThat(events.isArray()).isTrue();
        assertThat(events.size()).isEqualTo(EVENTS / 50);
        assertThat(events.get(0).get("keyId").asText()).isEqualTo("key-7");
        assertThat(events.get(0).get("metadata").get("project").asText()).startsWith("a fairly long");
        assertThat(events.get(0).get("costUsd").decimalValue()).isEqualByComparingTo("0.000123456");
    }

    static long usedMemoryAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return heap + direct;
    }
}
