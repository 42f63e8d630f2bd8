package io.llmaas.admin.client;

import java.time.Instant;

/**
 * The range and filters of a usage question: {@code from} inclusive, {@code to} exclusive; a null filter means any.
 * Built by {@link io.llmaas.admin.service.UsageScope}, which decides which filters a portal user may set.
 */
public record UsageQuery(Instant from, Instant to, String keyId, String userId, String teamId, String model) {

    public UsageQuery withKey(String key) {
        return new UsageQuery(from, to, key, userId, teamId, model);
    }

    public UsageQuery withModel(String alias) {
        return new UsageQuery(from, to, keyId, userId, teamId, alias);
    }

    String fromText() {
        return from == null ? null : from.toString();
    }

    String toText() {
        return to == null ? null : to.toString();
    }
}
