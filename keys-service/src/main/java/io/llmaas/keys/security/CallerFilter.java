package io.llmaas.keys.security;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.http.RequestIds;
import io.llmaas.contracts.internal.InternalApi;
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates every REST call before it reaches a resource. {@code /internal/…} takes only the service token;
 * LiteLLM's health endpoints are public; everything else is the management API (master key, service token with an
 * optional {@code X-Acting-User}, or a virtual key; LiteLLM's {@code x-litellm-api-key} header is accepted too).
 */
public class CallerFilter {

    static final String LITELLM_KEY_HEADER = "x-litellm-api-key";

    private final Authenticator authenticator;
    private final CurrentCaller current;

    public CallerFilter(Authenticator authenticator, CurrentCaller current) {
        this.authenticator = authenticator;
        this.current = current;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (path.startsWith("/health/")) {
            return;
        }
        String bearer = bearer(context.getHeaderString(InternalApi.AUTHORIZATION));
        if (path.startsWith("/internal/")) {
            if (!authenticator.isServiceToken(bearer)) {
                throw ApiException.unauthorized("The internal API needs the service token");
            }
            return;
        }
        if (bearer == null) {
            bearer = context.getHeaderString(LITELLM_KEY_HEADER);
        }
        String requestId = request.response().headers().get(RequestIds.HEADER);
        String sourceIp = request.remoteAddress() == null ? null : request.remoteAddress().host();
        current.set(authenticator.resolve(bearer, context.getHeaderString(InternalApi.ACTING_USER), sourceIp,
                requestId));
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
    }
}
