package io.llmaas.keys.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.config.KeysConfig;
import io.llmaas.keys.entity.KeySecretEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.repository.KeySecretRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;

/** Turns management credentials into a {@link Caller}; see the README's "Authorization" section. */
@ApplicationScoped
public class Authenticator {

    private final KeysConfig config;
    private final KeySecretRepository secrets;
    private final VirtualKeyRepository keys;
    private final UserRepository users;
    private final Clock clock;

    public Authenticator(KeysConfig config, KeySecretRepository secrets, VirtualKeyRepository keys,
            UserRepository users, Clock clock) {
        this.config = config;
        this.secrets = secrets;
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    public boolean isServiceToken(String bearer) {
        return KeySecrets.constantTimeEquals(config.serviceToken(), bearer);
    }

    public Caller resolve(String bearer, String actingUser, String sourceIp, String requestId) {
        if (bearer == null || bearer.isBlank()) {
            throw ApiException.unauthorized("Missing credentials: send Authorization: Bearer <master key or key>");
        }
        if (config.masterKey().filter(master -> KeySecrets.constantTimeEquals(master, bearer)).isPresent()) {
            return new Caller("master-key", Role.ADMIN, null, null, sourceIp, requestId);
        }
        if (isServiceToken(bearer)) {
            if (actingUser == null || actingUser.isBlank()) {
                return new Caller("service", Role.ADMIN, null, null, sourceIp, requestId);
            }
            UserEntity user = users.findByIdOptional(actingUser)
                    .or(() -> users.findByExternalId(actingUser))
                    .orElseThrow(() -> ApiException.forbidden("The acting user is not known to keys-service"));
            return new Caller(user.id, Role.of(user.role), user.id, null, sourceIp, requestId);
        }
        if (bearer.startsWith(KeySecrets.PREFIX)) {
            Optional<Caller> byKey = byVirtualKey(bearer, sourceIp, requestId);
            if (byKey.isPresent()) {
                return byKey.get();
            }
        }
        throw ApiException.unauthorized("Invalid credentials");
    }

    private Optional<Caller> byVirtualKey(String secret, String sourceIp, String requestId) {
        Instant now = clock.instant();
        Optional<KeySecretEntity> stored = secrets.findByIdOptional(KeySecrets.hash(secret))
                .filter(s -> s.validUntil == null || s.validUntil.isAfter(now));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        VirtualKeyEntity key = keys.findById(stored.get().keyId);
        if (key == null || key.blocked || (key.expiresAt != null && !key.expiresAt.isAfter(now))) {
            return Optional.empty();
        }
        String actor = key.userId != null ? key.userId : "key:" + stored.get().prefix;
        Role role = key.userId == null ? Role.USER
                : users.findByIdOptional(key.userId).map(u -> Role.of(u.role)).orElse(Role.USER);
        return Optional.of(new Caller(actor, role, key.userId, key.id, sourceIp, requestId));
    }
}
