package io.llmaas.gateway.platform;

import static io.llmaas.gateway.platform.Platform.CHAT;
import static io.llmaas.gateway.platform.Platform.SLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.gateway.platform.Platform.Response;

/**
 * RPM, TPM and max-parallel at key, user, team and key×model level through the gateway, with OpenAI's rate-limit
 * headers; and the limits holding across two gateway replicas sharing one key.
 */
class LimitsIT {

    private static final Platform P = Platform.get();
    private static final String SMALL = ",\"max_tokens\":10";

    @AfterAll
    static void noKeyInAnyLog() {
        LogSecrets.assertNoneLeaked(P.secrets());
    }

    @Test
    void rpmAtEveryLevel() {
        assertRpm(keyWith("", "\"rpm_limit\":3"), "key");
        assertRpm(keyWith("," + "\"rpm_limit\":3", ""), "user");
        assertRpm(teamKeyWith("\"rpm_limit\":3"), "team");
        assertRpm(keyWith("", "\"model_rpm_limit\":{\"" + CHAT + "\":3}"), "key×model");
    }

    @Test
    void tpmAtEveryLevel() {
        assertTpm(keyWith("", "\"tpm_limit\":100"));
        assertTpm(keyWith(",\"tpm_limit\":100", ""));
        assertTpm(teamKeyWith("\"tpm_limit\":100"));
        assertTpm(keyWith("", "\"model_tpm_limit\":{\"" + CHAT + "\":100}"));
    }

    @Test
    void maxParallelAtEveryLevel() throws Exception {
        assertParallel(keyWith("", "\"max_parallel_requests\":1"));
        assertParallel(keyWith(",\"max_parallel_requests\":1", ""));
        assertParallel(teamKeyWith("\"max_parallel_requests\":1"));
    }

    @Test
    void rateLimitHeadersOnEveryAnswerOfALimitedKeyStreamsIncluded() throws Exception {
        String key = keyWith("", "\"rpm_limit\":1000,\"tpm_limit\":100000");
        Response plain = P.chat(P.gateway1, key, CHAT, SMALL);
        Platform.expect(plain, 200);
        assertThat(plain.header("x-ratelimit-limit-requests")).isEqualTo("1000");
        assertThat(plain.header("x-ratelimit-remaining-requests")).isNotNull();
        assertThat(plain.header("x-ratelimit-reset-requests")).isNotNull();
        assertThat(plain.header("x-ratelimit-limit-tokens")).isEqualTo("100000");
        assertThat(plain.header("x-ratelimit-remaining-tokens")).isNotNull();
        assertThat(plain.header("x-ratelimit-reset-tokens")).isNotNull();

        HttpResponse<String> stream = P.http().send(HttpRequest.newBuilder(URI.create(P.gateway2.baseUrl()
                + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Platform.chatBody(CHAT, ",\"stream\":true"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("x-ratelimit-limit-requests")).contains("1000");
        assertThat(stream.body()).contains("[DONE]");

        Response notFound = P.chat(P.gateway1, key, "no-such-model", "");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("x-ratelimit-limit-requests")).isEqualTo("1000");
    }

    @Test
    void twoGatewaysSharingAnRpmLimitOf60LetThroughAtMost66InAMinute() throws Exception {
        String key = keyWith("", "\"rpm_limit\":60");
        long started = System.nanoTime();
        List<Response> answers = fire(200, 16, i -> P.chat(i % 2 == 0 ? P.gateway1 : P.gateway2, key, CHAT, ""));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(50));
        long ok = answers.stream().filter(r -> r.status() == 200).count();
        System.out.printf("MEASURED two gateways, RPM 60: %d of 200 requests admitted%n", ok);
        assertThat(ok).isPositive().isLessThanOrEqualTo(66);
        for (Response refused : answers.stream().filter(r -> r.status() != 200).toList()) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.header("retry-after")).isNotNull();
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        }
    }

    @Test
    void twoGatewaysSharingAMaxParallelLimitNeverExceedItAtTheBackend() throws Exception {
        String key = keyWith("", "\"max_parallel_requests\":3");
        FakeBehaviors.SLOW_MAX_IN_FLIGHT.set(0);
        List<Response> answers = fire(30, 12, i -> P.chat(i % 2 == 0 ? P.gateway1 : P.gateway2, key, SLOW, ""));
        System.out.printf("MEASURED two gateways, max-parallel 3: at most %d in flight at the backend, %d of 30 "
                + "admitted%n", FakeBehaviors.SLOW_MAX_IN_FLIGHT.get(), answers.stream().filter(r -> r.status() == 200)
                        .count());
        assertThat(FakeBehaviors.SLOW_MAX_IN_FLIGHT.get()).isBetween(1, 3);
        assertThat(answers).anyMatch(r -> r.status() == 200);
        assertThat(answers).allMatch(r -> r.status() == 200 || r.status() == 429);
    }

    private static void assertRpm(String key, String level) {
        for (int i = 0; i < 3; i++) {
            Response answer = P.chat(P.gateway1, key, CHAT, "");
            assertThat(answer.status()).as(level + " " + answer.body()).isEqualTo(200);
            assertThat(answer.header("x-ratelimit-limit-requests")).as(level).isEqualTo("3");
        }
        Response refused = P.chat(P.gateway1, key, CHAT, "");
        assertThat(refused.status()).as(level).isEqualTo(429);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.json().path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(1L, 60L);
        assertThat(refused.header("x-ratelimit-limit-requests")).isEqualTo("3");
        assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(refused.header("x-ratelimit-reset-requests")).isNotNull();
    }

    private static void assertTpm(String key) {
        // Each request reserves its estimate (a third of the body's bytes plus max_tokens), then settles 18 tokens.
        Response first = P.chat(P.gateway1, key, CHAT, SMALL);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("x-ratelimit-limit-tokens")).isEqualTo("100");
        Response refused = null;
        for (int i = 0; i < 6 && refused == null; i++) {
            Response next = P.chat(P.gateway1, key, CHAT, SMALL);
            if (next.status() == 429) {
                refused = next;
            } else {
                assertThat(next.status()).isEqualTo(200);
            }
        }
        assertThat(refused).as("a 429 once 100 tokens are used").isNotNull();
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.header("retry-after")).isNotNull();
        assertThat(refused.header("x-ratelimit-limit-tokens")).isEqualTo("100");
    }

    private static void assertParallel(String key) throws Exception {
        FakeBehaviors.SLOW_MAX_IN_FLIGHT.set(0);
        List<Response> answers = fire(4, 4, i -> P.chat(P.gateway1, key, SLOW, ""));
        assertThat(answers).anyMatch(r -> r.status() == 200);
        Response refused = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.header("retry-after")).isNotNull();
        assertThat(FakeBehaviors.SLOW_MAX_IN_FLIGHT.get()).isEqualTo(1);
    }

    /** A personal key; {@code userFields} go on the user, {@code keyFields} on the key. */
    private static String keyWith(String userFields, String keyFields) {
        String user = P.user(userFields);
        String fields = "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT + "\",\"" + SLOW + "\"]"
                + (keyFields.isEmpty() ? "" : "," + keyFields);
        return P.generateKey(P.keys.baseUrl(), fields).secret();
    }

    private static String teamKeyWith(String teamFields) {
        Response team = P.call("POST", P.keys.baseUrl() + "/team/new", P.masterKey,
                "{\"team_alias\":\"" + P.unique("team") + "\"," + teamFields + "}");
        Platform.expect(team, 200);
        String teamId = team.json().path("team_id").asText();
        String user = P.user("");
        Platform.expect(P.call("POST", P.keys.baseUrl() + "/team/member_add", P.masterKey, "{\"team_id\":\"" + teamId
                + "\",\"member\":{\"user_id\":\"" + user + "\",\"role\":\"user\"}}"), 200);
        return P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"team_id\":\"" + teamId
                + "\",\"models\":[\"" + CHAT + "\",\"" + SLOW + "\"]").secret();
    }

    /** Runs {@code count} calls on {@code threads} threads, as fast as they go. */
    static List<Response> fire(int count, int threads, java.util.function.IntFunction<Response> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> call.apply(n)));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    static CompletableFuture<Response> async(ServiceProcess gateway, String key, String model) {
        return CompletableFuture.supplyAsync(() -> P.chat(gateway, key, model, ""));
    }
}
