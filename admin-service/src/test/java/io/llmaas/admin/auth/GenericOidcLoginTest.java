package io.llmaas.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.testing.FakeOidcProvider;
import io.llmaas.admin.testing.FakeOpenShiftOAuth;
import io.llmaas.admin.testing.GenericOidcProfile;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The same portal on a generic OIDC provider: discovery, PKCE S256, a signed ID token, the user name and groups from
 * configurable claims, roles recomputed at the next login.
 */
@QuarkusTest
@TestProfile(GenericOidcProfile.class)
class GenericOidcLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void logsInWithPkceAndTakesRolesFromTheConfiguredGroupsClaim() throws Exception {
        FakeOidcProvider provider = GenericOidcProfile.provider();
        provider.nextLogin("kim", List.of("platform-admins"));
        PortalClient browser = new PortalClient(base);

        URI authorize = browser.login();

        assertThat(authorize.toString()).startsWith(provider.issuer() + "/protocol/openid-connect/auth?");
        Map<String, String> query = provider.lastRequest("/auth").params();
        assertThat(query.get("scope").split(" ")).contains("openid", "profile", "email");
        assertThat(query).containsEntry("code_challenge_method", "S256").containsEntry("client_id", "llmaas-portal");
        Map<String, String> token = provider.lastRequest("/token").params();
        assertThat(FakeOpenShiftOAuth.s256(token.get("code_verifier"))).isEqualTo(query.get("code_challenge"));

        JsonNode me = JSON.readTree(browser.get("/api/me").body());
        assertThat(me.get("username").asText()).isEqualTo("kim");
        assertThat(me.get("email").asText()).isEqualTo("kim@example.com");
        assertThat(roles(me)).containsExactly("admin", "admin-readonly", "user");

        provider.nextLogin("kim", List.of("engineering"));
        PortalClient later = new PortalClient(base);
        later.login();
        assertThat(roles(JSON.readTree(later.get("/api/me").body()))).containsExactly("user");
        assertThat(later.get("/api/audit").statusCode()).isEqualTo(403);
    }

    private static List<String> roles(JsonNode me) {
        return StreamSupport.stream(me.get("roles").spliterator(), false).map(JsonNode::asText).toList();
    }
}
