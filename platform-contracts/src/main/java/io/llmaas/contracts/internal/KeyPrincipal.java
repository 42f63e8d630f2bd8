package io.llmaas.contracts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything a gateway needs to authenticate, authorize and limit a virtual key without asking again: the answer of
 * {@code POST /internal/keys/verify}, cached by key hash and refreshed through the changes feed.
 *
 * @param keyId          stable id of the key (usage events and lease scopes use it)
 * @param keyHash        hex SHA-256 of the secret
 * @param keyPrefix      the displayable start of the key, e.g. {@code sk-AbC1…}
 * @param alias          the key's alias, may be null
 * @param userId         owner user id, null for a service key
 * @param teamId         owning team id, null for a personal key
 * @param status         ACTIVE, BLOCKED or DELETED; expiry is {@code expiresAt}
 * @param expiresAt      null for no expiry; for a rotated key, the end of its grace period
 * @param visibleModels  aliases the key may see: anything else is answered 404 like an unknown model
 * @param callableModels the subset with an active subscription: visible but not callable is 403
 * @param keyLimits      the key's own limits
 * @param modelLimits    the key's per-model RPM/TPM, by alias
 * @param userLimits     the owner user's limits, shared by all the user's keys
 * @param teamLimits     the team's limits, shared by all the team's keys
 * @param budgeted       true when a key, user or team budget applies: every request then needs a BUDGET lease
 * @param budgetedModels models on which a subscription budget applies (BUDGET lease needed for them too)
 * @param metadata       the key's free-form metadata, copied into usage events
 */
@RegisterForReflection
public record KeyPrincipal(
        String keyId,
        String keyHash,
        String keyPrefix,
        String alias,
        String userId,
        String teamId,
        KeyStatus status,
        Instant expiresAt,
        List<String> visibleModels,
        List<String> callableModels,
        Limits keyLimits,
        Map<String, Limits> modelLimits,
        Limits userLimits,
        Limits teamLimits,
        boolean budgeted,
        List<String> budgetedModels,
        Map<String, String> metadata) {

    public enum KeyStatus {
        ACTIVE,
        BLOCKED,
        DELETED
    }
}
