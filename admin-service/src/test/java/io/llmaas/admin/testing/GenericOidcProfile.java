package io.llmaas.admin.testing;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** admin-service configured for a generic OIDC provider ({@code admin.auth.provider=oidc}) instead of OpenShift. */
public class GenericOidcProfile implements QuarkusTestProfile {

    private static FakeOidcProvider provider;

    public static FakeOidcProvider provider() {
        return provider;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "admin.auth.provider", "oidc",
                "admin.auth.client-id", FakeOidcProvider.CLIENT_ID,
                "admin.auth.client-secret", FakeOidcProvider.CLIENT_SECRET,
                "admin.auth.oidc.groups-claim", FakeOidcProvider.GROUPS_CLAIM,
                "admin.roles.admin-groups", "platform-admins",
                // Nothing listens there: the user sync degrades, the login goes on.
                "quarkus.rest-client.keys.url", "http://127.0.0.1:9");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Provider.class));
    }

    /** Starts the fake provider and points the portal at it. */
    public static class Provider implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                provider = new FakeOidcProvider();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("admin.auth.oidc.auth-server-url", provider.issuer());
        }

        @Override
        public void stop() {
            if (provider != null) {
                provider.close();
            }
        }
    }
}
