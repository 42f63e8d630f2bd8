package io.llmaas.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.llmaas.admin.testing.DevOAuthProfile;
import io.llmaas.admin.testing.PortalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * keys- and usage-service not answering: the login still works, pages that need them show a clear "unavailable"
 * state (503, naming the service, no stack trace) as a page, as an alert where htmx loads part of a page, or as the
 * shared JSON error for the API; the gateway page still shows how to call the gateway.
 */
@QuarkusTest
@TestProfile(DevOAuthProfile.class)
class UnavailableServicesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void pagesThatNeedAServiceSayItIsUnavailable() {
        PortalClient dev = new PortalClient(base);
        dev.loginWithDevOAuth("offline-dev", List.of("developers"));

        for (String path : List.of("/models", "/keys", "/subscriptions", "/usage", "/teams")) {
            HttpResponse<String> page = dev.getHtml(path);
            assertThat(page.statusCode()).as(path).isEqualTo(503);
            assertThat(page.body()).as(path).contains("id=\"error-page\"").contains("Temporarily unavailable")
                    .contains("keys-service is not answering").doesNotContain("Exception").doesNotContain("at io.");
        }
        HttpResponse<String> fragment = dev.send(HttpRequest.newBuilder(base.resolve("/models?q=x")).GET(),
                Map.of("HX-Request", "true"));
        assertThat(fragment.statusCode()).isEqualTo(503);
        assertThat(fragment.body()).contains("id=\"inline-error\"").doesNotContain("<html");
        HttpResponse<String> api = dev.get("/api/usage/report");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.body()).contains("\"type\":\"service_unavailable\"");

        HttpResponse<String> gateway = dev.getHtml("/gateway");
        assertThat(gateway.statusCode()).isEqualTo(200);
        assertThat(gateway.body()).contains("Your models could not be loaded").contains("<input type=\"text\" id=\"model\"");
    }
}
