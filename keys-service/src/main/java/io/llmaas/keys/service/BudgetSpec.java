package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.util.List;

/**
 * The budget part of a create or update of a key, user, team or subscription: either a reusable budget by id
 * ({@code budget_id}) or inline values that become the holder's private budget.
 */
public record BudgetSpec(Settable<BigDecimal> maxBudget, Settable<BigDecimal> softBudget, Settable<String> duration,
        Settable<List<Integer>> thresholds, Settable<String> budgetId) {

    public static final BudgetSpec NONE = new BudgetSpec(Settable.absent(), Settable.absent(), Settable.absent(),
            Settable.absent(), Settable.absent());

    public boolean inline() {
        return maxBudget.present() || softBudget.present() || duration.present() || thresholds.present();
    }

    public boolean any() {
        return inline() || budgetId.present();
    }
}
