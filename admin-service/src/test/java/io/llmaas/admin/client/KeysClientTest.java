package io.llmaas.admin.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.config.AdminConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * keys-service as {@link KeysClient} calls it, against WireMock on a dynamic port: the upsert's path, headers and body,
 * and the degraded answers when keys-service fails, is slow, or keeps failing (the circuit opens and keys-service is
 * no longer called). The breaker test runs last because it leaves the circuit open; the class has an application of
 * its own (its own test resource), so no other test sees that circuit.
 */
@QuarkusTest
@QuarkusTestResource(value = KeysClientTest.KeysService.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysClientTest {

    private static final LoginIdentity LOGIN = new LoginIdentity("alice", "Alice Example", "alice@example.com",
            List.of("llmaas-readonly"), Set.of("admin-readonly", "user"), AdminConfig.Provider.OIDC);

    static WireMockServer keys;

    @Inject
    KeysClient client;

    @BeforeEach
    void reset() {
        keys.resetAll();
    }

    @Test
    @Order(1)
    void upsertsTheUserWithTheServiceToken() {
        keys.stubFor(put(urlEqualTo("/api/users/by-external-id")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"usr_1\"}")));

        assertThat(client.upsertUser(LOGIN)).hasValueSatisfying(user -> assertThat(user.id()).isEqualTo("usr_1"));

        keys.verify(putRequestedFor(urlEqualTo("/api/users/by-external-id"))
                .withHeader("Authorization", equalTo("Bearer keys-client-test-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"externalId":"alice","email":"alice@example.com","displayName":"Alice Example",
                         "role":"admin-readonly"}""")));
    }

    @Test
    @Order(2)
    void aFailingKeysServiceDegradesAfterOneRetry() {
        keys.stubFor(put(urlEqualTo("/api/users/by-external-id")).willReturn(aResponse().withStatus(503)));

        assertThat(client.upsertUser(LOGIN)).isEmpty();
        assertThat(keys.findAll(putRequestedFor(urlEqualTo("/api/users/by-external-id")))).hasSize(2);
    }

    @Test
    @Order(3)
    void aSlowKeysServiceDegradesAtTheTimeout() {
        keys.stubFor(put(urlEqualTo("/api/users/by-external-id"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        long started = System.nanoTime();

        assertThat(client.upsertUser(LOGIN)).isEmpty();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    @Order(4)
    void aKeysServiceThatKeepsFailingOpensTheCircuit() {
        keys.stubFor(put(urlEqualTo("/api/users/by-external-id")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 6; i++) {
            assertThat(client.upsertUser(LOGIN)).isEmpty();
        }
        int calls = keys.findAll(putRequestedFor(urlEqualTo("/api/users/by-external-id"))).size();

        assertThat(client.upsertUser(LOGIN)).isEmpty();
        assertThat(keys.findAll(putRequestedFor(urlEqualTo("/api/users/by-external-id")))).hasSize(calls);
        assertThat(calls).isLessThan(12);
    }

    /** keys-service as WireMock on a dynamic port. */
    public static class KeysService implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            keys = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            keys.start();
            // The dev OAuth server stands in for a login provider: this class only calls the client.
            return Map.of("quarkus.rest-client.keys.url", keys.baseUrl(),
                    "llmaas.internal.token", "keys-client-test-token",
                    "admin.dev-oauth.enabled", "true");
        }

        @Override
        public void stop() {
            if (keys != null) {
                keys.stop();
            }
        }
    }
}
