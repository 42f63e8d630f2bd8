package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.llmaas.admin.testing.OpenShiftLoginResource;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CSRF: a state-changing request without the token is refused, whichever way it comes (form, JSON, no body); with the
 * token (form field or header) it goes through. Security headers are on pages, API answers, redirects and assets.
 */
@QuarkusTest
@QuarkusTestResource(value = OpenShiftLoginResource.class, restrictToAnnotatedClass = true)
class SecurityHeadersAndCsrfTest {

    private static final String VALID_FORM = "defaultMaxBudget=7&maxBudgetLimit=70&budgetDuration=7d"
            + "&modelsPolicy=SUBSCRIBED_ONLY&defaultRpm=10&maxRpm=100&defaultTpm=1000&maxTpm=10000"
            + "&defaultExpiryDays=30&maxExpiryDays=90";

    @TestHTTPResource("/")
    URI base;

    @Test
    void stateChangingRequestsWithoutTheTokenAreRefused() {
        PortalClient admin = admin();
        assertThat(admin.sendWithoutCsrf("POST", "/admin/settings", "application/x-www-form-urlencoded", VALID_FORM)
                .statusCode()).isEqualTo(400);
        assertThat(admin.sendWithoutCsrf("PUT", "/api/settings", "application/json", "{}").statusCode())
                .isEqualTo(400);
        assertThat(admin.sendWithoutCsrf("POST", "/logout", null, null).statusCode()).isEqualTo(400);
        assertThat(admin.sendWithoutCsrf("POST", "/admin/sessions/1/revoke", "text/plain", "x").statusCode())
                .isEqualTo(400);
        assertThat(admin.sendWithoutCsrf("POST", "/admin/settings", "application/x-www-form-urlencoded",
                VALID_FORM + "&csrf-token=wrong-token-value").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/settings").body()).contains("\"defaultMaxBudget\":").doesNotContain(":7,");
    }

    @Test
    void theTokenAsFormFieldOrHeaderLetsTheChangeThrough() {
        PortalClient admin = admin();
        String token = admin.csrfToken().orElseThrow();
        HttpResponse<String> form = admin.sendWithoutCsrf("POST", "/admin/settings",
                "application/x-www-form-urlencoded", VALID_FORM + "&csrf-token=" + token);
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(admin.get("/api/settings").body()).contains("\"defaultMaxBudget\":7");

        HttpResponse<String> header = admin.send("PUT", "/api/settings", "application/json", """
                {"defaultMaxBudget":8,"maxBudgetLimit":80,"budgetDuration":"1mo","defaultRpm":10,"maxRpm":100,
                 "defaultTpm":1000,"maxTpm":10000,"defaultExpiryDays":30,"maxExpiryDays":90,
                 "modelsPolicy":"ALL_UNRESTRICTED"}""");
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(header.body()).contains("\"defaultMaxBudget\":8").contains("\"updatedBy\":\"csrf-admin\"");
    }

    @Test
    void securityHeadersAreOnEveryKindOfResponse() {
        PortalClient admin = admin();
        List<HttpResponse<String>> responses = List.of(admin.getHtml("/"), admin.get("/api/settings"),
                new PortalClient(base).get("/"), admin.get("/assets/portal.css"), admin.getHtml("/no-such-page"));
        for (HttpResponse<String> response : responses) {
            String what = response.uri() + " " + response.statusCode();
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'")
                            .contains("script-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(what).contains("same-origin");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
        }
        assertThat(admin.getHtml("/").headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void sessionCookieIsHttpOnlyAndHoldsNoToken() {
        OpenShiftLoginResource.oauth().nextLogin("cookie-check", List.of("developers"));
        PortalClient browser = new PortalClient(base);
        HttpResponse<String> start = browser.get("/api/me");
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getQuery()).doesNotContain("sha256~");
        browser.login();
        String session = browser.cookie("q_session_portal").orElseThrow();
        assertThat(session).matches("[A-Za-z0-9_-]{43}");
    }

    private PortalClient admin() {
        OpenShiftLoginResource.oauth().nextLogin("csrf-admin", List.of("llmaas-admins"));
        PortalClient admin = new PortalClient(base);
        admin.login();
        return admin;
    }
}
