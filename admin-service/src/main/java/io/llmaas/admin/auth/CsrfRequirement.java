package io.llmaas.admin.auth;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.llmaas.contracts.error.ApiException;

/**
 * Completes quarkus-rest-csrf, which verifies the token of a form (field {@code csrf-token}) or of a request carrying
 * the {@code X-CSRF-TOKEN} header, and is configured to let other requests through so that the service-to-service
 * JSON API works. This filter refuses those other requests when they change state and come from a browser's side of
 * the portal: every state-changing portal request must be a form with the token or carry the header.
 */
public class CsrfRequirement {

    static final String TOKEN_HEADER = "X-CSRF-TOKEN";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter(preMatching = true)
    public void requireTokenCarrier(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())
                || request.getUriInfo().getPath().startsWith(ServiceTokenFilter.INTERNAL_PREFIX)
                || request.getHeaderString(TOKEN_HEADER) != null) {
            return;
        }
        MediaType type = request.getMediaType();
        boolean form = type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
        if (!form) {
            throw ApiException.badRequest(null, "A state-changing request needs the CSRF token (form field csrf-token "
                    + "or header " + TOKEN_HEADER + ")");
        }
    }
}
