package io.llmaas.usage.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.llmaas.usage.repository.BudgetAlert;

/** A budget alert as the API lists it and the webhook receives it. */
public record AlertView(UUID id, String type, String budgetId, String scopeType, String scopeId, String scopeName,
        Instant periodStart, Instant periodEnd, String threshold, BigDecimal spend, BigDecimal maxBudget,
        BigDecimal softBudget, Instant createdAt, String deliveryState, int attempts, String lastError,
        Instant deliveredAt) {

    public static AlertView from(BudgetAlert a) {
        return new AlertView(a.id, "budget_threshold_crossed", a.budgetId, a.scopeType, a.scopeId, a.scopeName,
                a.periodStart, a.periodEnd, a.threshold, a.spend, a.maxBudget, a.softBudget, a.createdAt,
                a.deliveryState.name(), a.attempts, a.lastError, a.deliveredAt);
    }
}
