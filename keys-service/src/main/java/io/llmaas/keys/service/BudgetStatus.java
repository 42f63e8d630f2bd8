package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A holder's budget as the APIs show it: limits, the current period and the spend in it.
 *
 * @param spend   spend in the current period (all time for a budget without duration or no budget), USD
 * @param resetAt end of the current period, null when the budget never resets
 */
public record BudgetStatus(String budgetId, boolean sharedBudget, BigDecimal maxBudget, BigDecimal softBudget,
        String duration, List<Integer> thresholds, BigDecimal spend, Instant periodStart, Instant resetAt) {

    public BudgetStatus {
        maxBudget = Money.plain(maxBudget);
        softBudget = Money.plain(softBudget);
        spend = Money.plain(spend);
    }
}
