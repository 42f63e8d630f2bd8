package io.llmaas.gateway.platform;

import static io.llmaas.gateway.platform.Platform.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.gateway.platform.Platform.GeneratedKey;
import io.llmaas.gateway.platform.Platform.Response;

/**
 * A virtual key from creation to deletion, through the gateway (its forwarded LiteLLM paths and its OpenAI API), on
 * two replicas: shown once, works, rotated with a grace period, blocked, expired, deleted; every revocation refused by
 * both replicas within 2 s.
 */
class KeyLifecycleIT {

    private static final Platform P = Platform.get();

    @AfterAll
    static void noKeyInAnyLog() {
        LogSecrets.assertNoneLeaked(P.secrets());
    }

    @Test
    void createCallRotateExpireDelete() {
        String user = P.user("");
        GeneratedKey key = P.generateKey(P.gateway1.baseUrl(),
                "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT + "\"]");
        assertThat(key.secret()).startsWith("sk-");

        // Shown once: afterwards only the hash is ever answered.
        Response info = P.call("GET", P.gateway1.baseUrl() + "/key/info?key=" + key.secret(), P.masterKey, null);
        Platform.expect(info, 200);
        assertThat(info.body()).doesNotContain(key.secret()).contains(key.hash());
        Response list = P.call("GET", P.gateway2.baseUrl() + "/key/list?user_id=" + user
                + "&return_full_object=true", P.masterKey, null);
        Platform.expect(list, 200);
        assertThat(list.body()).doesNotContain(key.secret());

        assertWorksOnBoth(key.secret());

        // Rotation with a grace period: the old secret works until the grace ends, then 401 on both replicas.
        Response rotated = P.call("POST", P.gateway1.baseUrl() + "/key/regenerate", P.masterKey,
                "{\"key\":\"" + key.secret() + "\",\"grace_period\":\"4s\"}");
        Platform.expect(rotated, 200);
        String fresh = rotated.json().path("key").asText();
        P.remember(fresh);
        Instant graceEnd = Instant.now().plusSeconds(4);
        assertWorksOnBoth(fresh);
        assertWorksOnBoth(key.secret());
        Platform.await(Duration.ofSeconds(10), "the old secret refused after its grace period",
                () -> refusedOnBoth(key.secret()));
        assertThat(Instant.now()).isAfter(graceEnd.minusMillis(500));
        assertWorksOnBoth(fresh);

        // Expiry is checked locally on every request.
        Response expiring = P.call("PATCH", P.keys.baseUrl() + "/api/keys/" + key.id(), P.masterKey,
                "{\"expiresAt\":\"" + Instant.now().plusSeconds(3) + "\"}");
        Platform.expect(expiring, 200);
        Platform.await(Duration.ofSeconds(10), "the expired key refused", () -> refusedOnBoth(fresh));
        Response expired = P.chat(P.gateway1, fresh, CHAT, "");
        assertThat(expired.json().path("error").path("message").asText()).contains("expired");

        // Deleted keys are refused too.
        GeneratedKey other = P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT
                + "\"]");
        assertWorksOnBoth(other.secret());
        Platform.expect(P.call("POST", P.gateway2.baseUrl() + "/key/delete", P.masterKey,
                "{\"keys\":[\"" + other.secret() + "\"]}"), 200);
        Platform.await(Duration.ofSeconds(2), "the deleted key refused", () -> refusedOnBoth(other.secret()));
    }

    @Test
    void revocationReachesEveryReplicaWithinTwoSeconds() {
        String user = P.user("");
        GeneratedKey key = P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT
                + "\"]");
        assertWorksOnBoth(key.secret());

        long blockedAt = System.nanoTime();
        Platform.expect(P.call("POST", P.keys.baseUrl() + "/key/block", P.masterKey,
                "{\"key\":\"" + key.secret() + "\"}"), 200);
        Platform.await(Duration.ofSeconds(2), "both replicas refuse the blocked key", () -> refusedOnBoth(key.secret()));
        Duration blocking = Duration.ofNanos(System.nanoTime() - blockedAt);
        System.out.printf("MEASURED revocation: a blocked key refused by both replicas after %d ms%n",
                blocking.toMillis());
        assertThat(blocking).isLessThan(Duration.ofSeconds(2));
        Response blocked = P.chat(P.gateway2, key.secret(), CHAT, "");
        assertThat(blocked.json().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(blocked.body()).doesNotContain(key.secret());

        Platform.expect(P.call("POST", P.keys.baseUrl() + "/key/unblock", P.masterKey,
                "{\"key\":\"" + key.secret() + "\"}"), 200);
        Platform.await(Duration.ofSeconds(2), "both replicas accept the unblocked key",
                () -> P.chat(P.gateway1, key.secret(), CHAT, "").status() == 200
                        && P.chat(P.gateway2, key.secret(), CHAT, "").status() == 200);

        long deletedAt = System.nanoTime();
        Platform.expect(P.call("POST", P.keys.baseUrl() + "/key/delete", P.masterKey,
                "{\"keys\":[\"" + key.secret() + "\"]}"), 200);
        Platform.await(Duration.ofSeconds(2), "both replicas refuse the deleted key", () -> refusedOnBoth(key.secret()));
        Duration deleting = Duration.ofNanos(System.nanoTime() - deletedAt);
        System.out.printf("MEASURED revocation: a deleted key refused by both replicas after %d ms%n",
                deleting.toMillis());
        assertThat(deleting).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unknownKeysAreRefusedAndTheMasterKeyAlwaysWorks() {
        Response unknown = P.chat(P.gateway1, "sk-not-a-key-at-all", CHAT, "");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).doesNotContain("sk-not-a-key-at-all");
        assertThat(P.chat(P.gateway1, P.masterKey, CHAT, "").status()).isEqualTo(200);
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/health/liveliness", null, null).status()).isEqualTo(200);
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/health/readiness", null, null).status()).isEqualTo(200);
    }

    @Test
    void liteLlmManagementPathsAreForwardedAndInferenceGoesOnWhileKeysServiceIsDown() {
        String user = P.user("");
        GeneratedKey key = P.generateKey(P.gateway2.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + CHAT
                + "\"]");
        assertWorksOnBoth(key.secret());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        for (String path : new String[] {"/model/info", "/v1/model/info", "/user/info?user_id=" + user,
            "/spend/logs?api_key=" + key.id(), "/global/spend/report?group_by=api_key&start_date=" + today
                    + "&end_date=" + today}) {
            Response forwarded = P.call("GET", P.gateway1.baseUrl() + path, P.masterKey, null);
            assertThat(forwarded.status()).as(path + ": " + forwarded.body()).isEqualTo(200);
            assertThat(forwarded.header("x-request-id")).isNotNull();
        }
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/model/info", key.secret(), null).status())
                .as("keys-service authorizes what is forwarded").isIn(200, 403);
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/key/info?key=" + key.secret(), "sk-wrong", null).status())
                .isEqualTo(401);

        // The key's creation is on the changes feed; once both replicas have re-verified it, they have a stable state
        // to serve from. (A key whose change cannot be re-verified is dropped: it would be refused, fail closed.)
        Platform.sleep(1500);
        P.keys.stop();
        try {
            // Cached keys and the routing table keep serving; the gateway stays ready.
            assertWorksOnBoth(key.secret());
            assertThat(P.call("GET", P.gateway1.baseUrl() + "/q/health/ready", null, null).status()).isEqualTo(200);
            Response unknown = P.chat(P.gateway1, "sk-never-seen-" + P.unique("k"), CHAT, "");
            assertThat(unknown.status()).as("a key never seen cannot be verified").isEqualTo(503);
            assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("service_unavailable");
            assertThat(P.call("GET", P.gateway1.baseUrl() + "/model/info", P.masterKey, null).status())
                    .isEqualTo(503);
        } finally {
            P.keys.start();
        }
        Platform.await(Duration.ofSeconds(10), "the gateway following keys-service again",
                () -> P.metric(P.gateway1, "llmaas_gateway_keys_calls_total", "operation", "changes", "outcome",
                        "ok") > 0);
        assertWorksOnBoth(key.secret());
    }

    private static void assertWorksOnBoth(String secret) {
        for (ServiceProcess gateway : new ServiceProcess[] {P.gateway1, P.gateway2}) {
            Response answer = P.chat(gateway, secret, CHAT, "");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
    }

    private static boolean refusedOnBoth(String secret) {
        return P.chat(P.gateway1, secret, CHAT, "").status() == 401
                && P.chat(P.gateway2, secret, CHAT, "").status() == 401;
    }
}
