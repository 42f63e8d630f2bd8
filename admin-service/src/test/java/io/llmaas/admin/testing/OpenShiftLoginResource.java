package io.llmaas.admin.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The outside world of an OpenShift login, as real HTTP servers on dynamic ports: the fake OpenShift OAuth + API
 * server, and keys-service (WireMock) answering the user upsert (and 404 to everything else). Tests reach both through
 * {@link #oauth()} and {@link #keys()}. usage-service is not running.
 */
public class OpenShiftLoginResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_TOKEN = "test-service-token";

    private static FakeOpenShiftOAuth oauth;
    private static WireMockServer keys;

    public static FakeOpenShiftOAuth oauth() {
        return oauth;
    }

    public static WireMockServer keys() {
        return keys;
    }

    /** keys-service answers the user upsert with 200, as it normally does. */
    public static void keysServiceUp() {
        keys.resetAll();
        keys.stubFor(put(urlEqualTo("/api/users/by-external-id"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"usr_1\"}")));
    }

    @Override
    public Map<String, String> start() {
        try {
            oauth = new FakeOpenShiftOAuth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        keys.start();
        keysServiceUp();
        return Map.of(
                "admin.auth.openshift.oauth-url", oauth.url(),
                "admin.auth.openshift.api-url", oauth.url(),
                "admin.auth.client-id", FakeOpenShiftOAuth.CLIENT_ID,
                "admin.auth.client-secret", FakeOpenShiftOAuth.CLIENT_SECRET,
                "admin.roles.initial-admins", "bootstrap-admin",
                "quarkus.rest-client.keys.url", keys.baseUrl(),
                "quarkus.rest-client.usage.url", "http://127.0.0.1:9",
                "llmaas.internal.token", SERVICE_TOKEN);
    }

    @Override
    public void stop() {
        if (oauth != null) {
            oauth.close();
        }
        if (keys != null) {
            keys.stop();
        }
    }
}
