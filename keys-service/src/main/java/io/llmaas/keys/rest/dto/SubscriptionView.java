package io.llmaas.keys.rest.dto;

import java.time.Instant;

import io.llmaas.keys.entity.SubscriptionEntity;
import io.llmaas.keys.service.BudgetStatus;

/** A subscription of a user or a team to a model. */
public record SubscriptionView(String id, String userId, String teamId, String model, String status, String reason,
        BudgetStatus budget, Instant createdAt, Instant updatedAt) {

    public static SubscriptionView from(SubscriptionEntity s, String modelAlias, BudgetStatus budget) {
        return new SubscriptionView(s.id, s.userId, s.teamId, modelAlias, s.status, s.reason, budget, s.createdAt,
                s.updatedAt);
    }
}
