package io.llmaas.keys.service;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.contracts.internal.SpendSettlement;
import io.llmaas.keys.config.KeysConfig;
import io.llmaas.keys.entity.BudgetEntity;
import io.llmaas.keys.security.Caller;
import io.quarkus.scheduler.Scheduled;

/**
 * The budget ledger. Spend arrives only from usage-service's settlements (idempotent by batch id), so the ledger is
 * exactly the sum of usage events; it updates every applicable holder's period spend and the settled part of the
 * BUDGET lease, and answers the thresholds crossed (once per threshold, holder and period). Manual adjustments (spend
 * reset, LiteLLM's {@code spend} field) change a holder's period spend, never the ledger.
 */
@ApplicationScoped
public class SpendLedger {

    /** One manual adjustment, as reported to reconciliation. */
    public record Adjustment(String scopeType, String scopeId, Instant periodStart, BigDecimal amountUsd,
            String actor, String reason, Instant at) {
    }

    private final EntityManager em;
    private final BudgetHolders holders;
    private final BudgetService budgets;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final KeysConfig config;
    private final Clock clock;

    public SpendLedger(EntityManager em, BudgetHolders holders, BudgetService budgets, ChangeLog changes,
            AuditTrail audit, ObjectMapper json, KeysConfig config, Clock clock) {
        this.em = em;
        this.holders = holders;
        this.budgets = budgets;
        this.changes = changes;
        this.audit = audit;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public SpendSettlement.Result settle(SpendSettlement settlement) {
        Problems problems = new Problems();
        problems.check(settlement != null && settlement.batchId() != null && !settlement.batchId().isBlank(),
                "batchId", "is required");
        problems.check(settlement != null && settlement.entries() != null, "entries", "is required");
        problems.throwIfAny();
        for (SpendSettlement.Entry e : settlement.entries()) {
            if (e == null || e.keyId() == null || e.hour() == null || e.costUsd() == null || e.costUsd().signum() < 0
                    || e.requests() < 0) {
                throw Problems.single("entries", "each entry needs keyId, hour, costUsd >= 0 and requests >= 0");
            }
        }
        Instant now = clock.instant();
        int inserted = em.createNativeQuery("insert into keys.spend_batches (batch_id, received_at, result) "
                + "values (?1, ?2, cast('{\"crossings\":[]}' as jsonb)) on conflict do nothing")
                .setParameter(1, settlement.batchId()).setParameter(2, now).executeUpdate();
        if (inserted == 0) {
            String stored = (String) em.createNativeQuery("select cast(result as text) from keys.spend_batches "
                    + "where batch_id = ?1").setParameter(1, settlement.batchId()).getSingleResult();
            try {
                return json.readValue(stored, SpendSettlement.Result.class);
            } catch (IOException e) {
                throw new IllegalStateException("Stored settlement result is unreadable", e);
            }
        }
        List<SpendSettlement.BudgetCrossing> crossings = new ArrayList<>();
        Set<String> keysToRefresh = new LinkedHashSet<>();
        for (SpendSettlement.Entry entry : settlement.entries()) {
            long nanos = Money.nanos(entry.costUsd());
            Instant hour = entry.hour().truncatedTo(ChronoUnit.HOURS);
            List<BudgetHolders.Holder> applicable = holders.of(entry.keyId(), entry.userId(), entry.teamId(),
                    entry.model(), hour);
            holders.lock(BudgetHolders.lockScopes(applicable));
            for (BudgetHolders.Holder holder : applicable) {
                long before = budgets.periodSpendNanos(holder.type(), holder.id(), holder.period().start());
                em.createNativeQuery("insert into keys.budget_spend (scope_type, scope_id, period_start, "
                        + "settled_nanos, requests) values (?1, ?2, ?3, ?4, ?5) on conflict (scope_type, scope_id, "
                        + "period_start) do update set settled_nanos = budget_spend.settled_nanos + excluded."
                        + "settled_nanos, requests = budget_spend.requests + excluded.requests")
                        .setParameter(1, holder.type()).setParameter(2, holder.id())
                        .setParameter(3, holder.period().start()).setParameter(4, nanos)
                        .setParameter(5, entry.requests()).executeUpdate();
                crossings.addAll(crossed(holder, before, before + nanos, now));
                if (holder.budget() != null && holder.budget().maxBudget != null
                        && before + nanos >= Money.nanos(holder.budget().maxBudget)) {
                    keysToRefresh.add(entry.keyId());
                }
            }
            em.createNativeQuery("insert into keys.ledger (key_id, day, cost_nanos, requests) values (?1, ?2, ?3, ?4) "
                    + "on conflict (key_id, day) do update set cost_nanos = ledger.cost_nanos + excluded.cost_nanos, "
                    + "requests = ledger.requests + excluded.requests")
                    .setParameter(1, entry.keyId()).setParameter(2, hour.truncatedTo(ChronoUnit.DAYS))
                    .setParameter(3, nanos).setParameter(4, entry.requests()).executeUpdate();
            if (entry.budgetLeaseId() != null) {
                em.createNativeQuery("update keys.leases set settled_nanos = settled_nanos + ?1 where id = ?2")
                        .setParameter(1, nanos).setParameter(2, entry.budgetLeaseId()).executeUpdate();
            }
        }
        changes.keysChanged(keysToRefresh.stream().filter(id -> em.find(
                io.llmaas.keys.entity.VirtualKeyEntity.class, id) != null).toList());
        SpendSettlement.Result result = new SpendSettlement.Result(crossings);
        try {
            em.createNativeQuery("update keys.spend_batches set result = cast(?1 as jsonb) where batch_id = ?2")
                    .setParameter(1, json.writeValueAsString(result)).setParameter(2, settlement.batchId())
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    private List<SpendSettlement.BudgetCrossing> crossed(BudgetHolders.Holder holder, long before, long after,
            Instant now) {
        List<SpendSettlement.BudgetCrossing> out = new ArrayList<>();
        BudgetEntity budget = holder.budget();
        if (budget == null || after <= before) {
            return out;
        }
        if (budget.maxBudget != null) {
            long max = Money.nanos(budget.maxBudget);
            List<Integer> thresholds = budget.thresholds != null ? budget.thresholds
                    : config.budgets().defaultThresholds();
            for (Integer percent : thresholds) {
                long mark = BigDecimal.valueOf(max).multiply(BigDecimal.valueOf(percent))
                        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).longValue();
                if (before < mark && after >= mark) {
                    record(out, holder, String.valueOf(percent), after, now);
                }
            }
        }
        if (budget.softBudget != null) {
            long soft = Money.nanos(budget.softBudget);
            if (before < soft && after >= soft) {
                record(out, holder, "soft", after, now);
            }
        }
        return out;
    }

    private void record(List<SpendSettlement.BudgetCrossing> out, BudgetHolders.Holder holder, String threshold,
            long spend, Instant now) {
        int inserted = em.createNativeQuery("insert into keys.budget_crossings (scope_type, scope_id, period_start, "
                + "threshold, at) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, holder.type()).setParameter(2, holder.id()).setParameter(3, holder.period().start())
                .setParameter(4, threshold).setParameter(5, now).executeUpdate();
        if (inserted == 1) {
            BudgetEntity budget = holder.budget();
            out.add(new SpendSettlement.BudgetCrossing(budget.id, holder.type(), holder.id(), holder.name(),
                    holder.period().start().equals(BudgetPeriods.LIFETIME) && budget.duration == null ? null
                            : holder.period().start(),
                    holder.period().end(), threshold, Money.usd(spend), Money.plain(budget.maxBudget),
                    Money.plain(budget.softBudget)));
        }
    }

    /** Settled spend per key and UTC day in [from, to). */
    @Transactional
    public LedgerReport ledger(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw Problems.single("from", "from and to are required ISO instants with from < to");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select key_id, day, cost_nanos, requests from keys.ledger "
                + "where day >= ?1 and day < ?2 order by day, key_id").setParameter(1, from).setParameter(2, to)
                .getResultList();
        return new LedgerReport(from, to, rows.stream().map(r -> new LedgerReport.Row((String) r[0],
                LeaseService.instant(r[1]), Money.usd(((Number) r[2]).longValue()), ((Number) r[3]).longValue()))
                .toList());
    }

    /**
     * Sets a holder's spend in its current period to {@code usd} (0 = a spend reset) by an adjustment; the ledger
     * does not change.
     */
    @Transactional
    public BudgetStatus setSpend(Caller caller, String scopeType, String scopeId, String budgetId, BigDecimal usd,
            String reason, List<String> affectedKeys) {
        caller.requireAdmin();
        if (usd == null || usd.signum() < 0) {
            throw Problems.single("spend", "must be >= 0");
        }
        BudgetStatus before = budgets.status(scopeType, scopeId, budgetId);
        Instant periodStart = before.periodStart() == null ? BudgetPeriods.LIFETIME : before.periodStart();
        holders.lock(List.of("budget " + scopeType + ":" + scopeId));
        long current = before.periodStart() == null
                ? ((Number) em.createNativeQuery("select coalesce(sum(settled_nanos + adjustment_nanos), 0) from "
                        + "keys.budget_spend where scope_type = ?1 and scope_id = ?2").setParameter(1, scopeType)
                        .setParameter(2, scopeId).getSingleResult()).longValue()
                : budgets.periodSpendNanos(scopeType, scopeId, periodStart);
        long delta = Money.nanos(usd) - current;
        if (delta != 0) {
            Instant now = clock.instant();
            em.createNativeQuery("insert into keys.budget_spend (scope_type, scope_id, period_start, "
                    + "adjustment_nanos) values (?1, ?2, ?3, ?4) on conflict (scope_type, scope_id, period_start) "
                    + "do update set adjustment_nanos = budget_spend.adjustment_nanos + excluded.adjustment_nanos")
                    .setParameter(1, scopeType).setParameter(2, scopeId).setParameter(3, periodStart)
                    .setParameter(4, delta).executeUpdate();
            em.createNativeQuery("insert into keys.spend_adjustments (scope_type, scope_id, period_start, "
                    + "amount_nanos, actor, reason, at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .setParameter(1, scopeType).setParameter(2, scopeId).setParameter(3, periodStart)
                    .setParameter(4, delta).setParameter(5, caller.actor()).setParameter(6, reason)
                    .setParameter(7, now).executeUpdate();
            changes.keysChanged(affectedKeys);
        }
        BudgetStatus after = budgets.status(scopeType, scopeId, budgetId);
        audit.record(caller, scopeType + ".spend_set", scopeType, scopeId, before, after);
        return after;
    }

    @Transactional
    public List<Adjustment> adjustments(Caller caller, Instant from, Instant to) {
        caller.requireReadAll();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select scope_type, scope_id, period_start, amount_nanos, actor, "
                + "reason, at from keys.spend_adjustments where at >= ?1 and at < ?2 order by id")
                .setParameter(1, from == null ? Instant.EPOCH : from)
                .setParameter(2, to == null ? Instant.parse("9999-01-01T00:00:00Z") : to).getResultList();
        return rows.stream().map(r -> new Adjustment((String) r[0], (String) r[1], LeaseService.instant(r[2]),
                Money.usd(((Number) r[3]).longValue()), (String) r[4], (String) r[5], LeaseService.instant(r[6])))
                .toList();
    }

    @Transactional
    public int purgeBatches() {
        return em.createNativeQuery("delete from keys.spend_batches where received_at < ?1")
                .setParameter(1, clock.instant().minus(config.budgets().batchRetention())).executeUpdate();
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purgeBatches();
    }
}
