package io.llmaas.admin.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * admin-service as the run script starts it locally: OpenShift login through its own dev OAuth server. keys- and
 * usage-service are not running, so the user sync degrades (the login must still work) and the pages that need them
 * show that they are unavailable.
 */
public class DevOAuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "admin.dev-oauth.enabled", "true",
                "admin.gateway-url", "https://gateway.apps.example.com",
                "quarkus.rest-client.keys.url", "http://127.0.0.1:9",
                "quarkus.rest-client.usage.url", "http://127.0.0.1:9");
    }
}
