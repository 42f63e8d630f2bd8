package io.llmaas.contracts.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /internal/spend}: usage-service settles newly stored spend into keys-service's budget ledger, aggregated
 * per lease, key, model and hour (budget periods start on whole hours, so an hour never straddles two periods).
 * Idempotent by {@code batchId}.
 */
@RegisterForReflection
public record SpendSettlement(String batchId, List<Entry> entries) {

    /** @param hour the start of the UTC hour the requests started in */
    @RegisterForReflection
    public record Entry(String budgetLeaseId, String keyId, String userId, String teamId, String model, Instant hour,
            BigDecimal costUsd, long requests) {
    }

    /** The budget thresholds this settlement made spend cross; usage-service records and delivers them as alerts. */
    @RegisterForReflection
    public record Result(List<BudgetCrossing> crossings) {
    }

    /**
     * @param scopeType   key, user, team or subscription
     * @param threshold   the crossed threshold in percent of max budget, or {@code soft} for the soft budget
     */
    @RegisterForReflection
    public record BudgetCrossing(String budgetId, String scopeType, String scopeId, String scopeName,
            Instant periodStart, Instant periodEnd, String threshold, BigDecimal spend, BigDecimal maxBudget,
            BigDecimal softBudget) {
    }
}
