package io.llmaas.admin.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * admin-service as a developer runs it on the whole platform: login through its dev OAuth server, keys-service,
 * usage-service and a gateway as real processes ({@link PlatformServices}). Every test class of this profile shares
 * one application start and one set of processes.
 */
public class PlatformProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("admin.dev-oauth.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Services.class));
    }

    /** Points admin-service at the running services, on the port keys-service ships its audit records to. */
    public static class Services implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            PlatformServices platform = PlatformServices.get();
            return Map.of(
                    "quarkus.http.test-port", String.valueOf(platform.adminPort),
                    "quarkus.rest-client.keys.url", platform.keys.baseUrl(),
                    "quarkus.rest-client.usage.url", platform.usage.baseUrl(),
                    "admin.gateway-url", platform.gateway.baseUrl(),
                    "llmaas.internal.token", PlatformServices.SERVICE_TOKEN);
        }

        @Override
        public void stop() {
            // The processes serve every class of this profile; they stop with the test JVM.
        }
    }
}
