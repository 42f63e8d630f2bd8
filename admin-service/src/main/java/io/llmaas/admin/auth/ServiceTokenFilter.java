package io.llmaas.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.InternalApi;

/**
 * Every {@code /internal/…} endpoint answers only callers holding the service token (other services, never browsers),
 * compared in constant time. Checked by path so that a new internal endpoint cannot forget it.
 */
public class ServiceTokenFilter {

    static final String INTERNAL_PREFIX = "/internal/";

    private final byte[] expected;

    public ServiceTokenFilter(@ConfigProperty(name = "llmaas.internal.token") String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public void requireServiceToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(INTERNAL_PREFIX)) {
            return;
        }
        String presented = request.getHeaderString(InternalApi.AUTHORIZATION);
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("This internal endpoint needs the service token");
        }
    }
}
