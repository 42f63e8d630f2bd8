package io.llmaas.usage.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.usage.config.PlatformSecrets;

/**
 * Who may call what: {@code /internal/…} needs the service token; the admin APIs ({@code /api/…} and the
 * LiteLLM-compatible {@code /spend/…}, {@code /global/…}) take the master key or the service token (admin-service's
 * BFF, which names the portal user in {@code X-Acting-User}). Tokens are compared as SHA-256 digests in constant time,
 * so neither their content nor their length leaks through timing.
 */
public class AccessFilter {

    static final String ACTING_USER_MDC = "actingUser";

    private final byte[] serviceTokenDigest;
    private final Optional<byte[]> masterKeyDigest;

    AccessFilter(PlatformSecrets secrets) {
        this.serviceTokenDigest = sha256(secrets.internalToken());
        this.masterKeyDigest = secrets.masterKey().filter(k -> !k.isBlank()).map(AccessFilter::sha256);
    }

    @ServerRequestFilter(preMatching = true)
    void authorize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean internal = path.startsWith("/internal/");
        boolean admin = path.startsWith("/api/") || path.startsWith("/spend/") || path.startsWith("/global/");
        if (!internal && !admin) {
            return;
        }
        String header = request.getHeaderString(InternalApi.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("Missing bearer token");
        }
        byte[] presented = sha256(header.substring(7).trim());
        boolean serviceToken = MessageDigest.isEqual(presented, serviceTokenDigest);
        boolean masterKey = masterKeyDigest.map(d -> MessageDigest.isEqual(presented, d)).orElse(false);
        if (internal ? !serviceToken : !(serviceToken || masterKey)) {
            throw ApiException.unauthorized(internal ? "Invalid service token" : "Invalid master key or service token");
        }
        String actingUser = request.getHeaderString(InternalApi.ACTING_USER);
        if (admin && actingUser != null && !actingUser.isBlank()) {
            MDC.put(ACTING_USER_MDC, actingUser.length() > 128 ? actingUser.substring(0, 128) : actingUser);
        } else {
            MDC.remove(ACTING_USER_MDC);
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
