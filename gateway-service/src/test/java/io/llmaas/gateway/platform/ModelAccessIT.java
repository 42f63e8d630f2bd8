package io.llmaas.gateway.platform;

import static io.llmaas.gateway.platform.Platform.CHAT;
import static io.llmaas.gateway.platform.Platform.OLLAMA;
import static io.llmaas.gateway.platform.Platform.RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.platform.Platform.Response;

/**
 * Who may call which model, through the gateway: a model the key may not see is a 404 exactly like an unknown one,
 * a visible model without an active subscription is a 403, a pending subscription stays 403 until an administrator
 * approves it, and {@code /v1/models} lists exactly the models the key may call.
 */
class ModelAccessIT {

    private static final Platform P = Platform.get();

    @AfterAll
    static void noKeyInAnyLog() {
        LogSecrets.assertNoneLeaked(P.secrets());
    }

    @Test
    void visibilityAndTheSubscriptionApprovalFlow() {
        String user = P.user("");
        Response created = P.call("POST", P.keys.baseUrl() + "/api/keys", P.serviceToken,
                "{\"models\":[\"" + CHAT + "\",\"" + RESTRICTED + "\"]}", "X-Acting-User", user);
        Platform.expect(created, 201);
        String key = created.json().path("key").asText();
        P.remember(key);

        // Not among the key's models: answered exactly like a model that does not exist.
        Response invisible = P.chat(P.gateway1, key, OLLAMA, "");
        Response unknown = P.chat(P.gateway1, key, "no-such-model", "");
        assertThat(invisible.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(invisible.body().replace(OLLAMA, "X")).isEqualTo(unknown.body().replace("no-such-model", "X"));
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/v1/models/" + OLLAMA, key, null).status()).isEqualTo(404);

        // Visible but not subscribed: 403.
        Response unsubscribed = P.chat(P.gateway1, key, CHAT, "");
        assertThat(unsubscribed.status()).isEqualTo(403);
        assertThat(unsubscribed.json().path("error").path("type").asText()).isEqualTo("permission_error");
        assertThat(models(key)).isEmpty();

        subscribe(user, CHAT, "active");
        String pending = subscribe(user, RESTRICTED, "pending");
        Platform.await(Duration.ofSeconds(2), "the open model callable on both replicas",
                () -> P.chat(P.gateway1, key, CHAT, "").status() == 200
                        && P.chat(P.gateway2, key, CHAT, "").status() == 200);
        assertThat(P.chat(P.gateway1, key, RESTRICTED, "").status()).isEqualTo(403);
        assertThat(P.chat(P.gateway2, key, RESTRICTED, "").status()).isEqualTo(403);
        assertThat(models(key)).containsExactly(CHAT);

        Platform.expect(P.call("POST", P.keys.baseUrl() + "/api/subscriptions/" + pending + "/approve", P.masterKey,
                "{\"reason\":\"approved by the test\"}"), 200);
        Platform.await(Duration.ofSeconds(2), "the approved model callable on both replicas",
                () -> P.chat(P.gateway1, key, RESTRICTED, "").status() == 200
                        && P.chat(P.gateway2, key, RESTRICTED, "").status() == 200);
        assertThat(models(key)).containsExactlyInAnyOrder(CHAT, RESTRICTED);
        assertThat(P.call("GET", P.gateway1.baseUrl() + "/v1/models/" + RESTRICTED, key, null).status())
                .isEqualTo(200);
    }

    private static String subscribe(String user, String model, String status) {
        Response subscription = P.call("POST", P.keys.baseUrl() + "/api/subscriptions", P.serviceToken,
                "{\"userId\":\"" + user + "\",\"model\":\"" + model + "\",\"reason\":\"test\"}", "X-Acting-User",
                user);
        Platform.expect(subscription, 201);
        assertThat(subscription.json().path("status").asText()).isEqualTo(status);
        return subscription.json().path("id").asText();
    }

    private static List<String> models(String key) {
        Response list = P.call("GET", P.gateway1.baseUrl() + "/v1/models", key, null);
        Platform.expect(list, 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode model : list.json().path("data")) {
            ids.add(model.path("id").asText());
        }
        return ids;
    }
}
