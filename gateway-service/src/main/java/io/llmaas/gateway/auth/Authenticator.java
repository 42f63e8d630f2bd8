package io.llmaas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.internal.KeyPrincipal.KeyStatus;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;

/**
 * Authenticate, the first step of the request path: {@code Authorization: Bearer <key>} must carry the master key or
 * a virtual key keys-service knows. The key is hashed (SHA-256) at once and only the hash is looked up, in the local
 * {@link KeyCache}: in steady state no call leaves the gateway. Blocked, deleted and expired keys are refused here on
 * every request (expiry, including the grace end of a rotated-out secret, is checked against the clock locally).
 * Neither the key nor its hash ever appears in a log line or an error.
 */
@ApplicationScoped
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    private static final String BEARER = "Bearer ";
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Authenticator::newSha256);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] masterKeyDigest;
    private final boolean virtualKeys;
    private final KeyCache keys;
    private final Future<Principal> masterKey = Future.succeededFuture(Principal.MASTER_KEY);

    Authenticator(GatewayConfig config, KeyCache keys) {
        this.masterKeyDigest = digest(config.masterKey());
        this.virtualKeys = config.mode() == GatewayConfig.Mode.PLATFORM;
        this.keys = keys;
    }

    /** The request's principal, also recorded on the exchange; a 401 {@link ApiException} when there is none. */
    public Future<Principal> authenticate(Exchange exchange) {
        String key = bearerToken(exchange.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return Future.failedFuture(
                    ApiException.unauthorized("Missing API key: send it as 'Authorization: Bearer <key>'"));
        }
        byte[] digest = digest(key);
        if (MessageDigest.isEqual(digest, masterKeyDigest)) {
            exchange.principal(Principal.MASTER_KEY);
            return masterKey;
        }
        if (!virtualKeys) {
            return Future.failedFuture(invalidKey());
        }
        CompletableFuture<Optional<Principal>> found = keys.lookup(HEX.formatHex(digest));
        if (found.isDone() && !found.isCompletedExceptionally()) {
            return accept(exchange, found.join());
        }
        return Future.fromCompletionStage(found, Vertx.currentContext())
                .recover(failure -> {
                    exchange.retryAfter("1");
                    return Future.failedFuture(unverifiable(failure));
                })
                .compose(principal -> accept(exchange, principal));
    }

    private static Future<Principal> accept(Exchange exchange, Optional<Principal> found) {
        if (found.isEmpty()) {
            return Future.failedFuture(invalidKey());
        }
        Principal principal = found.get();
        if (principal.key().status() != KeyStatus.ACTIVE) {
            return Future.failedFuture(ApiException.unauthorized(principal.key().status() == KeyStatus.BLOCKED
                    ? "This API key is blocked" : "Invalid API key"));
        }
        if (System.currentTimeMillis() >= principal.expiresAtMillis()) {
            return Future.failedFuture(ApiException.unauthorized("This API key has expired"));
        }
        exchange.principal(principal);
        return Future.succeededFuture(principal);
    }

    private static ApiException invalidKey() {
        return ApiException.unauthorized("Invalid API key");
    }

    private static ApiException unverifiable(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        LOG.warnf("Could not verify an API key with keys-service: %s", failure.getClass().getSimpleName());
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                "The API key cannot be verified right now; please retry shortly.", null, "service_unavailable");
    }

    /** The hash keys-service knows a virtual key by (hex SHA-256), as this gateway asks for it. */
    public static String keyHash(String key) {
        return HEX.formatHex(digest(key));
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
