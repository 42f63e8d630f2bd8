package io.llmaas.usage.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.internal.SpendSettlement.BudgetCrossing;
import io.llmaas.usage.repository.BudgetAlert.DeliveryState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class BudgetAlertRepository implements PanacheRepositoryBase<BudgetAlert, UUID> {

    /** Filters of the alert list; null means "any". */
    public record Filter(DeliveryState state, String budgetId, String scopeType, String scopeId, String threshold,
            Instant from, Instant to, int limit) {
    }

    /**
     * Records a crossing unless one exists for the same budget, period and threshold.
     *
     * @return true if it was new
     */
    public boolean insertOnce(BudgetCrossing crossing, DeliveryState state, Instant now) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO usage.budget_alert (id, budget_id, scope_type, scope_id, scope_name, period_start,
                        period_end, threshold, spend, max_budget, soft_budget, created_at, delivery_state,
                        next_attempt_at)
                VALUES (:id, :budgetId, :scopeType, :scopeId, :scopeName, :periodStart, :periodEnd, :threshold,
                        :spend, :maxBudget, :softBudget, :now, :state, :now)
                ON CONFLICT ON CONSTRAINT budget_alert_once DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("budgetId", crossing.budgetId())
                .setParameter("scopeType", crossing.scopeType())
                .setParameter("scopeId", crossing.scopeId())
                .setParameter("scopeName", crossing.scopeName())
                .setParameter("periodStart", crossing.periodStart())
                .setParameter("periodEnd", crossing.periodEnd())
                .setParameter("threshold", crossing.threshold())
                .setParameter("spend", crossing.spend())
                .setParameter("maxBudget", crossing.maxBudget())
                .setParameter("softBudget", crossing.softBudget())
                .setParameter("now", now)
                .setParameter("state", state.name())
                .executeUpdate();
        return inserted == 1;
    }

    public List<BudgetAlert> list(Filter filter) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.state() != null) {
            where.add("deliveryState = :state");
            params.and("state", filter.state());
        }
        if (filter.budgetId() != null) {
            where.add("budgetId = :budgetId");
            params.and("budgetId", filter.budgetId());
        }
        if (filter.scopeType() != null) {
            where.add("scopeType = :scopeType");
            params.and("scopeType", filter.scopeType());
        }
        if (filter.scopeId() != null) {
            where.add("scopeId = :scopeId");
            params.and("scopeId", filter.scopeId());
        }
        if (filter.threshold() != null) {
            where.add("threshold = :threshold");
            params.and("threshold", filter.threshold());
        }
        if (filter.from() != null) {
            where.add("createdAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("createdAt < :to");
            params.and("to", filter.to());
        }
        Sort sort = Sort.descending("createdAt").and("id");
        String query = String.join(" and ", where);
        return (where.isEmpty() ? findAll(sort) : find(query, sort, params)).page(0, filter.limit()).list();
    }

    /** Ids of alerts whose next delivery attempt is due. */
    public List<UUID> due(Instant now, int limit) {
        return getEntityManager().createQuery("select a.id from BudgetAlert a where a.deliveryState = :state "
                + "and a.nextAttemptAt <= :now order by a.nextAttemptAt", UUID.class)
                .setParameter("state", DeliveryState.PENDING).setParameter("now", now)
                .setMaxResults(limit).getResultList();
    }

    /**
     * Claims a due alert for one delivery attempt (pushes its next attempt to {@code claimUntil}).
     *
     * @return true if this caller got it
     */
    public boolean claim(UUID id, Instant now, Instant claimUntil) {
        return update("attempts = attempts + 1, nextAttemptAt = ?1 where id = ?2 and deliveryState = ?3 "
                + "and nextAttemptAt <= ?4", claimUntil, id, DeliveryState.PENDING, now) == 1;
    }
}
