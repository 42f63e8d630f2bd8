package io.llmaas.gateway.platform;

import static io.llmaas.gateway.platform.Platform.CHAT;
import static io.llmaas.gateway.platform.Platform.LONG_STREAM;
import static io.llmaas.gateway.platform.Platform.NO_USAGE;
import static io.llmaas.gateway.platform.Platform.OLLAMA;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.gateway.platform.Platform.GeneratedKey;
import io.llmaas.gateway.platform.Platform.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Every request metered exactly once, in usage-service: tokens from the backend or counted by the gateway (streams,
 * a client gone mid-stream, a backend without usage), priced from the catalog; nothing lost and nothing counted twice
 * across a usage-service outage; spend agreeing between keys-service, the analytics API and the events; and no call
 * to keys- or usage-service per request in steady state.
 */
class MeteringIT {

    private static final Platform P = Platform.get();

    @AfterAll
    static void noKeyInAnyLog() {
        LogSecrets.assertNoneLeaked(P.secrets());
    }

    @Test
    void streamedAndPlainRequestsAreMeteredWithTheBackendsUsageOrCountedTokens() throws Exception {
        GeneratedKey key = key("");
        Response plain = P.chat(P.gateway1, key.secret(), CHAT, "");
        Response streamed = P.chat(P.gateway2, key.secret(), CHAT, ",\"stream\":true");
        Response ollama = P.chat(P.gateway1, key.secret(), OLLAMA, ",\"stream\":true");
        Response counted = P.chat(P.gateway1, key.secret(), NO_USAGE, "");
        Response countedStream = P.chat(P.gateway2, key.secret(), NO_USAGE, ",\"stream\":true");
        String gone = disconnectMidStream(key.secret());
        for (Response answer : List.of(plain, streamed, ollama, counted, countedStream)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }

        Map<String, JsonNode> events = awaitEvents(key.id(), 6);
        JsonNode plainEvent = events.get(plain.header("x-request-id"));
        assertThat(plainEvent.path("promptTokens").asLong()).isEqualTo(11);
        assertThat(plainEvent.path("completionTokens").asLong()).isEqualTo(7);
        assertThat(plainEvent.path("estimated").asBoolean()).isFalse();
        assertThat(plainEvent.path("costUsd").decimalValue()).isEqualByComparingTo("0.0000305");
        assertThat(plainEvent.path("status").asInt()).isEqualTo(200);
        assertThat(plainEvent.path("deploymentId").asText()).isNotBlank();

        JsonNode streamEvent = events.get(streamed.header("x-request-id"));
        assertThat(streamEvent.path("streamed").asBoolean()).isTrue();
        assertThat(streamEvent.path("completionTokens").asLong()).isEqualTo(7);
        assertThat(streamEvent.path("estimated").asBoolean()).isFalse();

        JsonNode ollamaEvent = events.get(ollama.header("x-request-id"));
        assertThat(ollamaEvent.path("promptTokens").asLong()).isEqualTo(12);
        assertThat(ollamaEvent.path("completionTokens").asLong()).isEqualTo(5);

        for (Response answer : List.of(counted, countedStream)) {
            JsonNode event = events.get(answer.header("x-request-id"));
            assertThat(event.path("estimated").asBoolean()).isTrue();
            assertThat(event.path("promptTokens").asLong()).isPositive();
            assertThat(event.path("completionTokens").asLong()).isPositive();
            assertThat(event.path("costUsd").decimalValue()).isPositive();
        }

        JsonNode goneEvent = events.get(gone);
        assertThat(goneEvent.path("status").asInt()).isEqualTo(499);
        assertThat(goneEvent.path("streamed").asBoolean()).isTrue();
        assertThat(goneEvent.path("estimated").asBoolean()).isTrue();
        assertThat(goneEvent.path("completionTokens").asLong()).isPositive();
    }

    @Test
    void aUsageServiceOutageLosesNothingAndCountsNothingTwiceAndSpendAgrees() throws Exception {
        GeneratedKey key = key(",\"max_budget\":100");
        int served = 0;
        for (int i = 0; i < 10; i++) {
            served += P.chat(i % 2 == 0 ? P.gateway1 : P.gateway2, key.secret(), CHAT, "").status() == 200 ? 1 : 0;
        }
        P.usage.stop();
        int failures = 0;
        try {
            List<Response> answers = LimitsIT.fire(40, 8, i -> P.chat(i % 2 == 0 ? P.gateway1 : P.gateway2,
                    key.secret(), i % 4 == 0 ? CHAT : i % 4 == 1 ? NO_USAGE : i % 4 == 2 ? "no-such-model" : OLLAMA,
                    i % 3 == 0 ? ",\"stream\":true" : ""));
            for (Response answer : answers) {
                if (answer.status() == 200) {
                    served++;
                } else {
                    assertThat(answer.status()).isEqualTo(404);
                    failures++;
                }
            }
            Platform.await(Duration.ofSeconds(10), "events spooled while usage-service is down",
                    () -> P.metric(P.gateway1, "llmaas_gateway_usage_events_total", "outcome", "spooled") > 0
                            && P.metric(P.gateway1, "llmaas_gateway_usage_spool_bytes") > 0);
        } finally {
            P.usage.start();
        }
        int requests = served + failures;
        Map<String, JsonNode> events = awaitEvents(key.id(), requests);
        assertThat(events).hasSize(requests);
        Platform.await(Duration.ofSeconds(20), "the spool replayed",
                () -> P.metric(P.gateway1, "llmaas_gateway_usage_spool_files") == 0
                        && P.metric(P.gateway2, "llmaas_gateway_usage_spool_files") == 0);
        assertThat(P.metric(P.gateway1, "llmaas_gateway_usage_events_total", "outcome", "replayed")
                + P.metric(P.gateway2, "llmaas_gateway_usage_events_total", "outcome", "replayed")).isPositive();

        // Spend agrees to the cent between the ledger (/key/info), the analytics API and the events.
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Platform.await(Duration.ofSeconds(120), "usage and ledger reconciled", () -> {
            JsonNode report = P.call("GET", P.usage.baseUrl() + "/api/reconciliation?from=" + today + "&to=" + today,
                    P.masterKey, null).json();
            return report.path("differences").isEmpty() && report.path("unsettledCostUsd").decimalValue().signum() == 0;
        });
        BigDecimal eventsSum = events.values().stream().map(e -> e.path("costUsd").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal analytics = summary(key.id()).path("costUsd").decimalValue();
        BigDecimal ledger = P.call("GET", P.keys.baseUrl() + "/key/info?key=" + key.secret(), P.masterKey, null)
                .json().path("info").path("spend").decimalValue();
        assertThat(eventsSum).isPositive();
        assertThat(analytics).isEqualByComparingTo(eventsSum);
        assertThat(ledger.setScale(2, java.math.RoundingMode.HALF_UP))
                .isEqualByComparingTo(eventsSum.setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(ledger.subtract(eventsSum).abs()).isLessThan(new BigDecimal("0.000001"));
    }

    @Test
    void spooledEventsSurviveAGatewayCrash() {
        GeneratedKey key = key("");
        int served = 0;
        P.usage.stop();
        try {
            for (int i = 0; i < 12; i++) {
                served += P.chat(P.gateway2, key.secret(), i % 2 == 0 ? CHAT : OLLAMA,
                        i % 3 == 0 ? ",\"stream\":true" : "").status() == 200 ? 1 : 0;
            }
            Platform.await(Duration.ofSeconds(10), "every event of the gateway on disk",
                    () -> P.metric(P.gateway2, "llmaas_gateway_usage_queued") == 0
                            && P.metric(P.gateway2, "llmaas_gateway_usage_spool_bytes") > 0);
            // A crash, not a shutdown: nothing gets a chance to flush.
            P.gateway2.kill();
            P.gateway2.start();
        } finally {
            P.usage.start();
        }
        assertThat(served).isEqualTo(12);
        assertThat(awaitEvents(key.id(), served)).hasSize(served);
        Platform.await(Duration.ofSeconds(20), "the restarted gateway's spool replayed",
                () -> P.metric(P.gateway2, "llmaas_gateway_usage_spool_files") == 0);
    }

    @Test
    void aBatchUsageServiceRefusesAsInvalidIsDroppedAndDoesNotHoldUpTheNext() throws Exception {
        GeneratedKey key = key("");
        // A stand-in usage-service: 400 for the first batch (it will never be accepted), 202 after.
        List<String> batches = new CopyOnWriteArrayList<>();
        Vertx vertx = Vertx.vertx();
        HttpServer standIn = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (!request.path().equals("/internal/usage/events")) {
                request.response().setStatusCode(404).end();
                return;
            }
            batches.add(body.toString());
            request.response().setStatusCode(batches.size() == 1 ? 400 : 202)
                    .putHeader("Content-Type", "application/json").end(batches.size() == 1
                            ? "{\"error\":{\"message\":\"invalid batch\",\"type\":\"invalid_request_error\"}}"
                            : "{\"accepted\":1}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        ServiceProcess gateway = P.startGateway("it-gateway-invalid", Map.of("LLMAAS_USAGE_URL",
                "http://127.0.0.1:" + standIn.actualPort(), "GATEWAY_METERING_FLUSH_INTERVAL", "100ms"));
        try {
            Response refused = P.chat(gateway, key.secret(), CHAT, "");
            assertThat(refused.status()).isEqualTo(200);
            Platform.await(Duration.ofSeconds(10), "the refused batch dropped",
                    () -> P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "dropped") == 1);
            assertThat(P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "sent")).isZero();
            Response next = P.chat(gateway, key.secret(), CHAT, "");
            assertThat(next.status()).isEqualTo(200);
            Platform.await(Duration.ofSeconds(10), "the next batch sent",
                    () -> P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "sent") == 1);
            // Dropped, not spooled or retried: the next batch carries only the next request.
            assertThat(batches).hasSize(2);
            assertThat(batches.get(0)).contains(refused.header("x-request-id"));
            assertThat(batches.get(1)).contains(next.header("x-request-id"))
                    .doesNotContain(refused.header("x-request-id"));
            assertThat(P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "spooled")).isZero();
            assertThat(P.metric(gateway, "llmaas_gateway_usage_spool_files")).isZero();
        } finally {
            gateway.stop();
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBacklogGoesToTheSpoolInsteadOfPilingUpInMemory() throws Exception {
        GeneratedKey key = key("");
        ServiceProcess gateway = P.startGateway("it-gateway-backlog", Map.of("GATEWAY_METERING_BATCH_SIZE", "2",
                "GATEWAY_METERING_MAX_BATCH_SIZE", "3", "GATEWAY_METERING_MAX_QUEUED", "5",
                "GATEWAY_METERING_FLUSH_INTERVAL", "100ms"));
        try {
            int served = 0;
            // usage-service answers nothing for a while: the batch on its way waits, the next events queue up.
            P.usage.pause();
            try {
                for (Response answer : LimitsIT.fire(30, 6, i -> P.chat(gateway, key.secret(), CHAT, ""))) {
                    assertThat(answer.status()).isEqualTo(200);
                    served++;
                }
                Platform.await(Duration.ofSeconds(10), "events queued behind the batch on its way",
                        () -> P.metric(gateway, "llmaas_gateway_usage_queued") > 5);
            } finally {
                P.usage.resume();
            }
            // The waiting batch is answered; what queued past max-queued goes to disk, then on from there in order.
            Platform.await(Duration.ofSeconds(20), "the backlog spooled and replayed",
                    () -> P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "spooled") > 0
                            && P.metric(gateway, "llmaas_gateway_usage_spool_files") == 0
                            && P.metric(gateway, "llmaas_gateway_usage_queued") == 0);
            assertThat(awaitEvents(key.id(), served)).hasSize(served);
            assertThat(P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "sent")
                    + P.metric(gateway, "llmaas_gateway_usage_events_total", "outcome", "replayed"))
                    .isGreaterThanOrEqualTo(served);
        } finally {
            gateway.stop();
        }
    }

    @Test
    void noCallToKeysOrUsageServicePerRequestInSteadyState() {
        GeneratedKey key = key(",\"rpm_limit\":100000,\"tpm_limit\":10000000,\"max_parallel_requests\":50,"
                + "\"max_budget\":1000");
        // Warm-up: the key is verified and its leases granted; a busy key's budget leases grow (20 worst-case
        // requests at first, doubled while they run out within a second), so each is asked for well ahead.
        for (int i = 0; i < 100; i++) {
            Platform.expect(P.chat(P.gateway1, key.secret(), CHAT, ""), 200);
        }
        double verify = P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "verify");
        double leases = P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "leases");
        double usageCalls = P.metric(P.gateway1, "llmaas_gateway_usage_calls_total");
        List<String> kinds = List.of("RPM", "TPM", "PARALLEL", "BUDGET");
        Map<String, Double> waits = new HashMap<>();
        kinds.forEach(kind -> waits.put(kind, P.metric(P.gateway1, "llmaas_gateway_lease_waits_total", "kind", kind)));
        long started = System.nanoTime();
        int n = 200;
        // 40 a second for 5 s: the RPM and TPM slices granted in the warm-up reach their end (4 s) meanwhile.
        for (int i = 0; i < n; i++) {
            Platform.expect(P.chat(P.gateway1, key.secret(), CHAT, ""), 200);
            Platform.sleep(Math.max(0, started / 1_000_000 + 25L * (i + 1) - System.nanoTime() / 1_000_000));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "verify") - verify)
                .isZero();
        // RPM and TPM slices last 5 s (one ask per scope and kind per slice, plus one when a slice runs out); the
        // budget lease lasts 60 s; max-parallel slots are kept while in use: a handful of asks, not one per request.
        double leaseCalls = P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "leases") - leases;
        System.out.printf("MEASURED steady state: %d requests in %.1f s caused %.0f verify and %.0f lease calls%n", n,
                seconds, P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "verify") - verify,
                leaseCalls);
        assertThat(leaseCalls).isLessThanOrEqualTo(6 * (1 + Math.ceil(seconds / 4)));
        // The next RPM and TPM slices are asked for ahead, in the background: no request waited for any lease.
        assertThat(leaseCalls).isGreaterThanOrEqualTo(2);
        Map<String, Double> waited = new HashMap<>();
        kinds.forEach(kind -> waited.put(kind, P.metric(P.gateway1, "llmaas_gateway_lease_waits_total", "kind", kind)
                - waits.get(kind)));
        System.out.printf("MEASURED steady state: requests that waited for a lease: %s%n", waited);
        assertThat(waited.values()).allSatisfy(count -> assertThat(count).isZero());
        // Usage goes in batches, at most one per flush interval (1 s).
        double usageDelta = P.metric(P.gateway1, "llmaas_gateway_usage_calls_total") - usageCalls;
        System.out.printf("MEASURED steady state: %.0f usage calls (sent %.0f, spooled %.0f, replayed %.0f)%n",
                usageDelta, P.metric(P.gateway1, "llmaas_gateway_usage_events_total", "outcome", "sent"),
                P.metric(P.gateway1, "llmaas_gateway_usage_events_total", "outcome", "spooled"),
                P.metric(P.gateway1, "llmaas_gateway_usage_events_total", "outcome", "replayed"));
        assertThat(usageDelta).isLessThanOrEqualTo(Math.ceil(seconds) + 2);
    }

    /** Reads two events of a long stream, then closes the connection; returns the request id. */
    private static String disconnectMidStream(String key) throws Exception {
        HttpResponse<InputStream> response = P.http().send(HttpRequest.newBuilder(URI.create(P.gateway1.baseUrl()
                + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Platform.chatBody(LONG_STREAM, ",\"stream\":true")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int events = 0;
        String line;
        while (events < 3 && (line = reader.readLine()) != null) {
            if (line.startsWith("data:")) {
                events++;
            }
        }
        response.body().close();
        return requestId;
    }

    private static GeneratedKey key(String extra) {
        String user = P.user("");
        return P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT + "\",\""
                + OLLAMA + "\",\"" + NO_USAGE + "\",\"" + LONG_STREAM + "\"]" + extra);
    }

    /** The key's usage events by request id, once there are {@code count} of them. */
    static Map<String, JsonNode> awaitEvents(String keyId, int count) {
        Map<String, JsonNode> byId = new HashMap<>();
        Platform.await(Duration.ofSeconds(60), count + " usage events of the key", () -> {
            byId.clear();
            Response export = P.call("GET", P.usage.baseUrl() + "/api/usage/export?format=json&keyId=" + keyId,
                    P.masterKey, null);
            if (export.status() != 200) {
                return false;
            }
            Set<String> ids = new HashSet<>();
            for (JsonNode event : export.json()) {
                assertThat(ids.add(event.path("requestId").asText())).as("one event per request").isTrue();
                byId.put(event.path("requestId").asText(), event);
            }
            return byId.size() >= count;
        });
        return byId;
    }

    static JsonNode summary(String keyId) {
        Response summary = P.call("GET", P.usage.baseUrl() + "/api/usage/summary?keyId=" + keyId, P.masterKey, null);
        Platform.expect(summary, 200);
        return summary.json().path("totals");
    }
}
