package io.llmaas.admin.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.testing.FakeOpenShiftOAuth;
import io.llmaas.admin.testing.OpenShiftLoginResource;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenShift OAuth login end to end, against a fake OpenShift OAuth server and API server: PKCE S256, the
 * ServiceAccount client, user info as the token check, groups → roles recomputed at each login, the user synced to
 * keys-service (and the login surviving keys-service being down), sessions that end on logout and on revocation.
 */
@QuarkusTest
@QuarkusTestResource(value = OpenShiftLoginResource.class, restrictToAnnotatedClass = true)
class OpenShiftLoginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private FakeOpenShiftOAuth oauth;

    @BeforeEach
    void reset() {
        oauth = OpenShiftLoginResource.oauth();
        oauth.clearRequests();
        OpenShiftLoginResource.keysServiceUp();
    }

    @Test
    void authorizationRequestUsesPkceS256AndTheServiceAccountClient() {
        oauth.nextLogin("pkce-user", List.of("developers"));
        PortalClient browser = new PortalClient(base);

        URI authorize = browser.login();

        assertThat(authorize.toString()).startsWith(oauth.url() + "/oauth/authorize?");
        Map<String, String> query = oauth.lastRequest("/oauth/authorize").params();
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", FakeOpenShiftOAuth.CLIENT_ID)
                .containsEntry("scope", "user:info")
                .containsEntry("code_challenge_method", "S256")
                .containsKey("state");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("redirect_uri")).endsWith("/auth/callback");

        Map<String, String> token = oauth.lastRequest("/oauth/token").params();
        assertThat(token).containsEntry("grant_type", "authorization_code")
                .containsEntry("client_id", FakeOpenShiftOAuth.CLIENT_ID)
                .containsEntry("client_secret", FakeOpenShiftOAuth.CLIENT_SECRET);
        assertThat(FakeOpenShiftOAuth.s256(token.get("code_verifier"))).isEqualTo(query.get("code_challenge"));

        FakeOpenShiftOAuth.Recorded userInfo = oauth.lastRequest("/apis/user.openshift.io/v1/users/~");
        assertThat(userInfo.headers().get("Authorization").get(0)).startsWith("Bearer sha256~");
        assertThat(browser.cookie("q_session_portal")).isPresent();
    }

    @Test
    void groupsBecomeRolesAndLosingTheAdminGroupRemovesAdminAtTheNextLogin() throws Exception {
        oauth.nextLogin("carol", List.of("llmaas-admins", "developers"));
        PortalClient first = new PortalClient(base);
        first.login();
        JsonNode me = me(first);
        assertThat(me.get("username").asText()).isEqualTo("carol");
        assertThat(me.get("displayName").asText()).isEqualTo("carol Example");
        assertThat(texts(me.get("roles"))).containsExactly("admin", "admin-readonly", "user");
        assertThat(first.get("/api/audit").statusCode()).isEqualTo(200);

        oauth.nextLogin("carol", List.of("developers"));
        PortalClient second = new PortalClient(base);
        second.login();
        assertThat(texts(me(second).get("roles"))).containsExactly("user");
        assertThat(second.get("/api/audit").statusCode()).isEqualTo(403);

        oauth.nextLogin("dave", List.of("llmaas-readonly"));
        PortalClient readonly = new PortalClient(base);
        readonly.login();
        assertThat(texts(me(readonly).get("roles"))).containsExactly("admin-readonly", "user");
    }

    @Test
    void initialAdminsAreAdminsWithoutTheAdminGroup() throws Exception {
        oauth.nextLogin("bootstrap-admin", List.of());
        PortalClient browser = new PortalClient(base);
        browser.login();
        assertThat(texts(me(browser).get("roles"))).containsExactly("admin", "admin-readonly", "user");
    }

    @Test
    void loginCreatesOrUpdatesTheUserInKeysService() {
        oauth.nextLogin("erin", List.of("llmaas-readonly"));
        new PortalClient(base).login();

        OpenShiftLoginResource.keys().verify(putRequestedFor(urlEqualTo("/api/users/by-external-id"))
                .withHeader("Authorization", equalTo("Bearer " + OpenShiftLoginResource.SERVICE_TOKEN))
                .withoutHeader("X-Acting-User")
                .withRequestBody(matchingJsonPath("$.externalId", equalTo("erin")))
                .withRequestBody(matchingJsonPath("$.displayName", equalTo("erin Example")))
                .withRequestBody(matchingJsonPath("$.role", equalTo("admin-readonly"))));
    }

    @Test
    void loginSucceedsWhenKeysServiceIsDown() throws Exception {
        OpenShiftLoginResource.keys().resetAll();
        OpenShiftLoginResource.keys().stubFor(put(urlPathMatching("/api/users/.*"))
                .willReturn(aResponse().withStatus(503)));
        oauth.nextLogin("frank", List.of("developers"));
        PortalClient browser = new PortalClient(base);

        browser.login();

        assertThat(me(browser).get("username").asText()).isEqualTo("frank");
    }

    @Test
    void logoutEndsTheSessionAndItsCookieNoLongerWorks() throws Exception {
        oauth.nextLogin("grace", List.of("developers"));
        PortalClient browser = new PortalClient(base);
        browser.login();
        String sessionCookie = browser.cookie("q_session_portal").orElseThrow();

        HttpResponse<String> logout = browser.send("POST", "/logout", null, null);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/logged-out");

        PortalClient replay = new PortalClient(base);
        HttpResponse<String> replayed = replay.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/me")).GET(),
                Map.of("Cookie", "q_session_portal=" + sessionCookie));
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(replayed.headers().firstValue("Location").orElseThrow()).startsWith(oauth.url());
    }

    @Test
    void anAdminRevokesASessionAndItsBrowserMustLogInAgain() throws Exception {
        oauth.nextLogin("heidi", List.of("developers"));
        PortalClient victim = new PortalClient(base);
        victim.login();
        oauth.nextLogin("ivan", List.of("llmaas-admins"));
        PortalClient admin = new PortalClient(base);
        admin.login();

        JsonNode sessions = JSON.readTree(admin.get("/api/sessions").body());
        long heidis = 0;
        for (JsonNode session : sessions) {
            if (session.get("username").asText().equals("heidi") && session.get("active").asBoolean()) {
                heidis = session.get("id").asLong();
            }
        }
        assertThat(heidis).isPositive();
        assertThat(admin.send("POST", "/admin/sessions/" + heidis + "/revoke", null, null).statusCode())
                .isEqualTo(303);

        HttpResponse<String> after = victim.get("/api/me");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).startsWith(oauth.url());
        JsonNode audit = JSON.readTree(admin.get("/api/audit?action=session.revoke").body());
        assertThat(audit.get("entries").get(0).get("actor").asText()).isEqualTo("ivan");
        assertThat(audit.get("entries").get(0).get("targetId").asText()).isEqualTo(String.valueOf(heidis));
    }

    private static JsonNode me(PortalClient browser) throws Exception {
        HttpResponse<String> response = browser.get("/api/me");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
