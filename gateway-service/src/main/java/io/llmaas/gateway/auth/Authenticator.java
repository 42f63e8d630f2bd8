package io.llmaas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;

/**
 * Authenticate, the first step of the request path: {@code Authorization: Bearer <key>} must carry a key the gateway
 * knows. For now that is the master key. Keys are compared as SHA-256 digests in constant time, so neither the
 * comparison's duration nor the key's length tells an attacker anything.
 */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "Bearer ";
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Authenticator::newSha256);

    private final byte[] masterKeyDigest;
    private final Future<Principal> masterKey = Future.succeededFuture(Principal.MASTER_KEY);

    Authenticator(GatewayConfig config) {
        this.masterKeyDigest = digest(config.masterKey());
    }

    /** The request's principal, also recorded on the exchange; a 401 {@link ApiException} when there is none. */
    public Future<Principal> authenticate(Exchange exchange) {
        String key = bearerToken(exchange.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return Future.failedFuture(
                    ApiException.unauthorized("Missing API key: send it as 'Authorization: Bearer <key>'"));
        }
        if (MessageDigest.isEqual(digest(key), masterKeyDigest)) {
            exchange.principal(Principal.MASTER_KEY);
            return masterKey;
        }
        return Future.failedFuture(ApiException.unauthorized("Invalid API key"));
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] digest(String key) {
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        return sha256.digest(key.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
