package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.testing.OpenShiftLoginResource;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every admin-service endpoint × anonymous / user / admin-readonly / admin. The endpoints come from the service's own
 * OpenAPI document, so a new endpoint fails this test until its expected access is written down here. Callers log in
 * through the real OAuth flow; state-changing calls carry a valid CSRF token, so what is tested is authorization.
 */
@QuarkusTest
@QuarkusTestResource(value = OpenShiftLoginResource.class, restrictToAnnotatedClass = true)
class AuthorizationMatrixTest {

    /** Who may call an endpoint: each level includes the ones after it in {@link #callers}. */
    enum Access {
        PUBLIC, AUTHENTICATED, USER, ADMIN_READONLY, ADMIN, SERVICE_TOKEN,
        /** Self-service changes: every user and admin, but not a read-only admin, who changes nothing. */
        USER_CHANGE
    }

    private static final Map<String, Access> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("GET /", Access.USER);
        EXPECTED.put("GET /gateway", Access.USER);
        EXPECTED.put("GET /gateway/snippets", Access.USER);
        EXPECTED.put("POST /logout", Access.AUTHENTICATED);
        EXPECTED.put("GET /logged-out", Access.PUBLIC);
        EXPECTED.put("GET /admin/audit", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/audit/{id}", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/settings", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/settings", Access.ADMIN);
        EXPECTED.put("GET /admin/sessions", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/sessions/{id}/revoke", Access.ADMIN);
        EXPECTED.put("GET /api/me", Access.AUTHENTICATED);
        EXPECTED.put("GET /api/settings", Access.USER);
        EXPECTED.put("PUT /api/settings", Access.ADMIN);
        EXPECTED.put("GET /api/audit", Access.ADMIN_READONLY);
        EXPECTED.put("GET /api/sessions", Access.ADMIN_READONLY);
        EXPECTED.put("POST /internal/audit", Access.SERVICE_TOKEN);

        EXPECTED.put("GET /models", Access.USER);
        EXPECTED.put("GET /models/{alias}", Access.USER);
        EXPECTED.put("POST /models/{alias}/subscribe", Access.USER_CHANGE);
        EXPECTED.put("GET /subscriptions", Access.USER);
        EXPECTED.put("GET /subscriptions/{id}", Access.USER);
        EXPECTED.put("POST /subscriptions/{id}/cancel", Access.USER_CHANGE);
        EXPECTED.put("POST /subscriptions/{id}/request-review", Access.USER_CHANGE);
        EXPECTED.put("GET /keys", Access.USER);
        EXPECTED.put("POST /keys", Access.USER_CHANGE);
        EXPECTED.put("GET /keys/{id}", Access.USER);
        EXPECTED.put("POST /keys/{id}/rotate", Access.USER_CHANGE);
        EXPECTED.put("POST /keys/{id}/block", Access.USER_CHANGE);
        EXPECTED.put("POST /keys/{id}/unblock", Access.USER_CHANGE);
        EXPECTED.put("POST /keys/{id}/delete", Access.USER_CHANGE);
        EXPECTED.put("GET /usage", Access.USER);
        EXPECTED.put("GET /usage/export", Access.USER);
        EXPECTED.put("GET /api/usage/chart", Access.USER);
        EXPECTED.put("GET /api/usage/report", Access.USER);
        EXPECTED.put("GET /teams", Access.USER);
        EXPECTED.put("GET /teams/{id}", Access.USER);
        EXPECTED.put("POST /teams/{id}/members", Access.USER_CHANGE);
        EXPECTED.put("POST /teams/{id}/members/{userId}/remove", Access.USER_CHANGE);
        EXPECTED.put("POST /teams/{id}/subscriptions", Access.USER_CHANGE);
        EXPECTED.put("POST /teams/{id}/keys", Access.USER_CHANGE);

        EXPECTED.put("GET /admin/models", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/models/new", Access.ADMIN);
        EXPECTED.put("POST /admin/models", Access.ADMIN);
        EXPECTED.put("GET /admin/models/{alias}", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/models/{alias}", Access.ADMIN);
        EXPECTED.put("POST /admin/models/{alias}/{change}", Access.ADMIN);
        EXPECTED.put("POST /admin/models/{alias}/delete", Access.ADMIN);
        EXPECTED.put("POST /admin/models/{alias}/deployments", Access.ADMIN);
        EXPECTED.put("POST /admin/deployments/{id}/delete", Access.ADMIN);
        EXPECTED.put("POST /admin/deployments/{id}/test", Access.ADMIN);
        EXPECTED.put("GET /admin/subscriptions", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/subscriptions/{id}", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/subscriptions/{id}/{decision}", Access.ADMIN);
        EXPECTED.put("POST /admin/subscriptions/bulk", Access.ADMIN);
        EXPECTED.put("GET /admin/users", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/users/{id}", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/users/{id}/limits", Access.ADMIN);
        EXPECTED.put("POST /admin/users/{id}/spend-reset", Access.ADMIN);
        EXPECTED.put("POST /admin/keys/{id}/{change}", Access.ADMIN);
        EXPECTED.put("POST /admin/keys/{id}/delete", Access.ADMIN);
        EXPECTED.put("GET /admin/teams", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/teams", Access.ADMIN);
        EXPECTED.put("GET /admin/teams/{id}", Access.ADMIN_READONLY);
        EXPECTED.put("POST /admin/teams/{id}/limits", Access.ADMIN);
        EXPECTED.put("POST /admin/teams/{id}/members", Access.ADMIN);
        EXPECTED.put("POST /admin/teams/{id}/members/{userId}/remove", Access.ADMIN);
        EXPECTED.put("POST /admin/teams/{id}/spend-reset", Access.ADMIN);
        EXPECTED.put("POST /admin/teams/{id}/delete", Access.ADMIN);
        EXPECTED.put("GET /admin/usage", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/usage/export", Access.ADMIN_READONLY);
        EXPECTED.put("GET /admin/alerts", Access.ADMIN_READONLY);
        EXPECTED.put("GET /api/admin/usage/chart", Access.ADMIN_READONLY);
        EXPECTED.put("GET /api/admin/usage/report", Access.ADMIN_READONLY);
    }

    /**
     * Request bodies of the JSON endpoints, invalid on purpose where a valid one would change state. Every other
     * state-changing request is sent as a form (keys-service is a WireMock that knows none of the ids).
     */
    private static final Map<String, String[]> BODIES = Map.of(
            "POST /admin/settings",
            new String[] { "application/x-www-form-urlencoded", "defaultMaxBudget=not-a-number" },
            "PUT /api/settings", new String[] { "application/json", "{}" },
            "POST /internal/audit", new String[] { "application/json", "[]" });
    private static final String[] FORM = { "application/x-www-form-urlencoded", "reason=matrix&model=m" };

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyEndpointHasAnExpectedAccessLevel() throws Exception {
        assertThat(endpoints()).as("endpoints in the OpenAPI document without an expectation in this test")
                .isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).as("expectations for endpoints the service no longer has")
                .isSubsetOf(endpoints());
    }

    @Test
    void everyEndpointAnswersEachRoleAsExpected() throws Exception {
        Map<String, Supplier<PortalClient>> callers = callers();
        SoftAssertions softly = new SoftAssertions();
        for (String endpoint : endpoints()) {
            Access access = EXPECTED.get(endpoint);
            for (Map.Entry<String, Supplier<PortalClient>> caller : callers.entrySet()) {
                HttpResponse<String> response = call(endpoint, caller.getValue().get());
                int status = response.statusCode();
                String what = endpoint + " as " + caller.getKey() + " -> " + status;
                Outcome expected = expected(access, caller.getKey());
                switch (expected) {
                    case ALLOWED -> softly.assertThat(status).as(what).isNotIn(401, 403)
                            .satisfies(s -> assertThat(s == 302 && redirectsToLogin(response)).as(what).isFalse());
                    case FORBIDDEN -> softly.assertThat(status).as(what).isEqualTo(403);
                    case LOGIN -> softly.assertThat(redirectsToLogin(response)).as(what + " should redirect to login")
                            .isTrue();
                    case UNAUTHORIZED -> softly.assertThat(status).as(what).isEqualTo(401);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theServiceTokenOpensTheInternalApi() {
        assertThat(postInternalAudit("Bearer " + OpenShiftLoginResource.SERVICE_TOKEN).statusCode()).isEqualTo(200);
        assertThat(postInternalAudit("Bearer not-the-token").statusCode()).isEqualTo(401);
    }

    @Test
    void theDevOAuthServerIsOffUnlessEnabled() {
        PortalClient anonymous = new PortalClient(base);
        assertThat(anonymous.get("/dev-oauth/oauth/authorize?response_type=code").statusCode()).isEqualTo(404);
        assertThat(anonymous.send("POST", "/dev-oauth/oauth/token", "application/x-www-form-urlencoded", "code=x")
                .statusCode()).isEqualTo(404);
        assertThat(anonymous.get("/dev-oauth/apis/user.openshift.io/v1/users/~").statusCode()).isEqualTo(404);
    }

    private enum Outcome {
        ALLOWED, FORBIDDEN, LOGIN, UNAUTHORIZED
    }

    private static Outcome expected(Access access, String caller) {
        if (access == Access.SERVICE_TOKEN) {
            return Outcome.UNAUTHORIZED;
        }
        if (access == Access.PUBLIC) {
            return Outcome.ALLOWED;
        }
        if (caller.equals("anonymous")) {
            return Outcome.LOGIN;
        }
        if (access == Access.USER_CHANGE) {
            return caller.equals("admin-readonly") ? Outcome.FORBIDDEN : Outcome.ALLOWED;
        }
        int rank = List.of("user", "admin-readonly", "admin").indexOf(caller);
        int needed = switch (access) {
            case AUTHENTICATED, USER -> 0;
            case ADMIN_READONLY -> 1;
            default -> 2;
        };
        return rank >= needed ? Outcome.ALLOWED : Outcome.FORBIDDEN;
    }

    /** Logged-in callers are made once; logging out needs a fresh session each time. */
    private Map<String, Supplier<PortalClient>> callers() {
        Map<String, List<String>> groups = Map.of("user", List.of("developers"),
                "admin-readonly", List.of("llmaas-readonly"), "admin", List.of("llmaas-admins"));
        Map<String, Supplier<PortalClient>> callers = new LinkedHashMap<>();
        callers.put("anonymous", () -> new PortalClient(base));
        for (String role : List.of("user", "admin-readonly", "admin")) {
            PortalClient shared = login("matrix-" + role, groups.get(role));
            callers.put(role, () -> shared);
        }
        return callers;
    }

    private PortalClient login(String user, List<String> groups) {
        OpenShiftLoginResource.oauth().nextLogin(user, groups);
        PortalClient client = new PortalClient(base);
        client.login();
        return client;
    }

    private HttpResponse<String> call(String endpoint, PortalClient caller) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replace("/admin/keys/{id}/{change}", "/admin/keys/999999/block")
                .replace("{change}", "disable").replace("{decision}", "approve")
                .replaceAll("\\{[A-Za-z]+}", "999999");
        if (endpoint.equals("POST /logout") && caller.cookie("q_session_portal").isPresent()) {
            caller = login("matrix-logout", List.of("developers"));
        }
        if (method.equals("GET")) {
            return caller.get(path);
        }
        String[] body = BODIES.getOrDefault(endpoint, FORM);
        return caller.send(method, path, body[0], body[1]);
    }

    private HttpResponse<String> postInternalAudit(String authorization) {
        return new PortalClient(base).send(HttpRequest.newBuilder(base.resolve("/internal/audit"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")),
                Map.of("Authorization", authorization, "Content-Type", "application/json"));
    }

    private boolean redirectsToLogin(HttpResponse<String> response) {
        return response.statusCode() == 302 && response.headers().firstValue("Location").orElse("")
                .startsWith(OpenShiftLoginResource.oauth().url() + "/oauth/authorize");
    }

    private TreeSet<String> endpoints() throws Exception {
        HttpResponse<String> document = new PortalClient(base).send(
                HttpRequest.newBuilder(base.resolve("/q/openapi?format=json")).GET(), Map.of());
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(document.body()).get("paths");
        TreeSet<String> endpoints = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> entries = paths.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> path = entries.next();
            List<String> methods = new ArrayList<>();
            path.getValue().fieldNames().forEachRemaining(methods::add);
            for (String method : methods) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    endpoints.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return endpoints;
    }
}
