package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.llmaas.keys.entity.BudgetEntity;
import io.llmaas.keys.repository.BudgetRepository;

/** Budgets attached to keys, users, teams and subscriptions, and the spend shown for them. */
@ApplicationScoped
public class BudgetService {

    private final BudgetRepository budgets;
    private final EntityManager em;
    private final Clock clock;

    public BudgetService(BudgetRepository budgets, EntityManager em, Clock clock) {
        this.budgets = budgets;
        this.em = em;
        this.clock = clock;
    }

    /**
     * The holder's budget after {@link #apply}: {@code budgetId} to store on the holder, and a private budget that
     * the holder no longer uses, to {@link #release} once the holder row is updated.
     */
    public record Applied(String budgetId, String released) {
    }

    /**
     * Applies {@code spec} to a holder whose budget is {@code currentId}. A {@code budget_id} links a shared budget;
     * inline values edit (or create) the holder's private budget; an explicit null {@code budget_id}, or clearing
     * every inline value, removes the budget.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Applied apply(String currentId, BudgetSpec spec) {
        if (!spec.any()) {
            return new Applied(currentId, null);
        }
        Problems problems = new Problems();
        if (spec.budgetId().present() && spec.inline()) {
            problems.add("budget_id", "give either budget_id or inline budget fields (max_budget, soft_budget, "
                    + "budget_duration), not both");
        }
        spec.maxBudget().ifPresent(v -> problems.check(v == null || v.signum() >= 0, "max_budget", "must be >= 0"));
        spec.softBudget().ifPresent(v -> problems.check(v == null || v.signum() >= 0, "soft_budget", "must be >= 0"));
        spec.thresholds().ifPresent(v -> problems.check(v == null || v.stream().allMatch(t -> t != null && t > 0
                && t <= 1000), "budget_thresholds", "must be percentages between 1 and 1000"));
        problems.throwIfAny();
        BudgetEntity current = currentId == null ? null : budgets.findById(currentId);
        String currentPrivate = current != null && !current.shared ? current.id : null;
        if (spec.budgetId().present()) {
            String linked = spec.budgetId().value();
            if (linked != null) {
                linked = budgets.findByIdOptional(linked).filter(b -> b.shared).map(b -> b.id)
                        .orElseThrow(() -> Problems.single("budget_id", "no budget '" + spec.budgetId().value()
                                + "' (create it with /budget/new first)"));
            }
            return new Applied(linked, currentPrivate);
        }
        String duration = spec.duration().present() && spec.duration().value() != null
                ? BudgetPeriods.normalize(spec.duration().value())
                : null;
        Instant now = clock.instant();
        BudgetEntity budget = current;
        if (current == null || current.shared) {
            budget = new BudgetEntity();
            budget.id = Ids.generate("bud");
            budget.shared = false;
            budget.anchorAt = BudgetPeriods.anchor(now);
            budget.createdAt = now;
            if (current != null) {
                budget.maxBudget = current.maxBudget;
                budget.softBudget = current.softBudget;
                budget.duration = current.duration;
                budget.thresholds = current.thresholds;
                budget.anchorAt = current.anchorAt;
            }
        }
        if (spec.maxBudget().present()) {
            budget.maxBudget = spec.maxBudget().value();
        }
        if (spec.softBudget().present()) {
            budget.softBudget = spec.softBudget().value();
        }
        if (spec.thresholds().present()) {
            budget.thresholds = spec.thresholds().value() == null ? null : List.copyOf(spec.thresholds().value());
        }
        if (spec.duration().present()) {
            if (!Objects.equals(budget.duration, duration)) {
                budget.anchorAt = BudgetPeriods.anchor(now);
            }
            budget.duration = duration;
        }
        budget.updatedAt = now;
        if (budget.maxBudget == null && budget.softBudget == null && budget.duration == null) {
            return new Applied(null, currentPrivate);
        }
        if (budget != current) {
            budgets.persist(budget);
        }
        return new Applied(budget.id, budget.id.equals(currentPrivate) ? null : currentPrivate);
    }

    /** Deletes a private budget its holder no longer references (call after the holder row changed). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(String budgetId) {
        if (budgetId != null) {
            em.flush();
            budgets.findByIdOptional(budgetId).filter(b -> !b.shared).ifPresent(budgets::delete);
        }
    }

    /** The budget and spend of one holder. */
    public BudgetStatus status(String scopeType, String scopeId, String budgetId) {
        Instant now = clock.instant();
        BudgetEntity budget = budgetId == null ? null : budgets.findById(budgetId);
        if (budget == null || budget.duration == null) {
            long total = ((Number) em.createNativeQuery("select coalesce(sum(settled_nanos + adjustment_nanos), 0) "
                    + "from keys.budget_spend where scope_type = ?1 and scope_id = ?2")
                    .setParameter(1, scopeType).setParameter(2, scopeId).getSingleResult()).longValue();
            return budget == null
                    ? new BudgetStatus(null, false, null, null, null, null, Money.usd(total), null, null)
                    : new BudgetStatus(budget.id, budget.shared, budget.maxBudget, budget.softBudget, null,
                            budget.thresholds, Money.usd(total), null, null);
        }
        BudgetPeriods.Period period = BudgetPeriods.periodAt(budget.anchorAt, budget.duration, now);
        return new BudgetStatus(budget.id, budget.shared, budget.maxBudget, budget.softBudget, budget.duration,
                budget.thresholds, Money.usd(periodSpendNanos(scopeType, scopeId, period.start())),
                period.start(), period.end());
    }

    public long periodSpendNanos(String scopeType, String scopeId, Instant periodStart) {
        return ((Number) em.createNativeQuery("select coalesce(sum(settled_nanos + adjustment_nanos), 0) "
                + "from keys.budget_spend where scope_type = ?1 and scope_id = ?2 and period_start = ?3")
                .setParameter(1, scopeType).setParameter(2, scopeId).setParameter(3, periodStart)
                .getSingleResult()).longValue();
    }
}
