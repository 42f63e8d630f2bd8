package io.llmaas.keys.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.llmaas.keys.entity.KeySecretEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.service.BudgetStatus;

/**
 * A virtual key without its secret: the secret is shown once, by {@link CreatedKey}, and never again.
 *
 * @param keyPrefix   the start of the current secret, for display ({@code sk-AbC1xY…})
 * @param tokenHash   SHA-256 (hex) of the current secret: LiteLLM's {@code token}
 * @param graceUntil  for a rotated key, until when the previous secret still works
 */
public record KeyView(String id, String alias, String keyPrefix, String tokenHash, String userId, String teamId,
        List<String> models, Long rpmLimit, Long tpmLimit, Integer maxParallel, Map<String, Long> modelRpmLimit,
        Map<String, Long> modelTpmLimit, Instant expiresAt, boolean blocked, Map<String, Object> metadata,
        BudgetStatus budget, Instant graceUntil, String createdBy, Instant createdAt, Instant updatedAt,
        Instant lastUsedAt) {

    public static KeyView from(VirtualKeyEntity k, List<KeySecretEntity> secrets, BudgetStatus budget) {
        KeySecretEntity current = secrets.stream().filter(s -> s.validUntil == null).findFirst().orElse(null);
        Instant grace = secrets.stream().filter(s -> s.validUntil != null).map(s -> s.validUntil)
                .max(Instant::compareTo).orElse(null);
        return new KeyView(k.id, k.alias, current == null ? null : current.prefix + "…",
                current == null ? null : current.hash, k.userId, k.teamId, List.copyOf(k.models), k.rpmLimit,
                k.tpmLimit, k.maxParallel, longs(k.modelRpm), longs(k.modelTpm), k.expiresAt, k.blocked,
                k.metadata, budget, grace, k.createdBy, k.createdAt, k.updatedAt, k.lastUsedAt);
    }

    public static Map<String, Long> longs(Map<String, Number> values) {
        Map<String, Long> out = new TreeMap<>();
        values.forEach((alias, n) -> out.put(alias, n.longValue()));
        return out;
    }
}
