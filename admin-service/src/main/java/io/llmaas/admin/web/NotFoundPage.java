package io.llmaas.admin.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An address nothing answers: a portal-style page for browsers, the shared JSON error for programs. (Addresses under
 * the REST API get the same through {@link io.llmaas.admin.rest.PortalErrorPages}.)
 */
@ApplicationScoped
public class NotFoundPage {

    private final Template page;

    public NotFoundPage(@Location("errors/not-found.html") Template page) {
        this.page = page;
    }

    void install(@Observes Router router) {
        router.errorHandler(404, this::render);
    }

    private void render(RoutingContext context) {
        if (context.response().headWritten()) {
            return;
        }
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        String path = context.request().path();
        boolean browser = accept != null && accept.contains("text/html") && !path.startsWith("/api/")
                && !path.startsWith("/internal/") && !path.startsWith("/q/");
        if (browser) {
            context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                    .end(page.render());
        } else {
            context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.encode(ApiError.of("Not found", ErrorType.NOT_FOUND.wireName(), null, "not_found")));
        }
    }
}
