package io.llmaas.contracts.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.quarkus.security.AuthenticationException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What every service does at its HTTP edge before any resource runs: take or make the request id (response header and
 * log MDC), and turn failures that happen below the REST layer (body too large, unknown path) into the shared JSON
 * error instead of Vert.x's plain-text pages.
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(HttpEdge::tagRequest);
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpEdge::renderFailure);
    }

    private static boolean isSecurityFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }

    static void tagRequest(RoutingContext ctx) {
        String requestId = RequestIds.accept(ctx.request().getHeader(RequestIds.HEADER));
        ctx.put(RequestIds.MDC_KEY, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        ctx.next();
    }

    static void renderFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().headWritten() || status < 400 || isSecurityFailure(ctx.failure())) {
            // Authentication challenges and redirects (e.g. an OIDC login) are Quarkus security's to answer.
            ctx.next();
            return;
        }
        ErrorType type = switch (status) {
            case 401 -> ErrorType.AUTHENTICATION;
            case 403 -> ErrorType.PERMISSION;
            case 404 -> ErrorType.NOT_FOUND;
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorType.INTERNAL : ErrorType.INVALID_REQUEST;
        };
        String message = switch (status) {
            case 413 -> "Request body is larger than this service accepts";
            case 404 -> "Not found";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            default -> status >= 500 ? "Internal error; the request id identifies it in the service log"
                    : "Bad request";
        };
        if (status >= 500 && ctx.failure() != null) {
            LOG.error("Unexpected failure while handling a request", ctx.failure());
        }
        String code = status == 413 ? "request_too_large" : null;
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(ApiError.of(message, type.wireName(), null, code)));
    }
}
