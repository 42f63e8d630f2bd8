package io.llmaas.keys.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.BudgetEntity;
import io.llmaas.keys.entity.SubscriptionEntity;
import io.llmaas.keys.repository.BudgetRepository;
import io.llmaas.keys.repository.SubscriptionRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.security.Caller;

/** Reusable budget objects (LiteLLM's {@code /budget/*}) and spend adjustments of holders. */
@ApplicationScoped
public class BudgetAdmin {

    /** A reusable budget as the APIs show it. */
    public record SharedBudget(String budgetId, BigDecimal maxBudget, BigDecimal softBudget, String budgetDuration,
            List<Integer> thresholds, Long rpmLimit, Long tpmLimit, Integer maxParallel, Instant anchorAt,
            Instant createdAt, Instant updatedAt) {

        public static SharedBudget from(BudgetEntity b) {
            return new SharedBudget(b.id, Money.plain(b.maxBudget), Money.plain(b.softBudget), b.duration,
                    b.thresholds, b.rpmLimit, b.tpmLimit, b.maxParallel, b.anchorAt, b.createdAt, b.updatedAt);
        }
    }

    /** Fields of a reusable budget; rpm/tpm/parallel are stored and shown, not enforced (README). */
    public record Fields(Settable<BigDecimal> maxBudget, Settable<BigDecimal> softBudget, Settable<String> duration,
            Settable<List<Integer>> thresholds, Settable<Long> rpmLimit, Settable<Long> tpmLimit,
            Settable<Integer> maxParallel) {
    }

    private final BudgetRepository budgets;
    private final VirtualKeyRepository keys;
    private final UserRepository users;
    private final TeamRepository teams;
    private final SubscriptionRepository subscriptions;
    private final SpendLedger ledger;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public BudgetAdmin(BudgetRepository budgets, VirtualKeyRepository keys, UserRepository users, TeamRepository teams,
            SubscriptionRepository subscriptions, SpendLedger ledger, ChangeLog changes, AuditTrail audit,
            Clock clock) {
        this.budgets = budgets;
        this.keys = keys;
        this.users = users;
        this.teams = teams;
        this.subscriptions = subscriptions;
        this.ledger = ledger;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public SharedBudget create(Caller caller, String id, Fields fields) {
        caller.requireAdmin();
        Problems problems = new Problems();
        if (id != null) {
            problems.check(Ids.acceptable(id), "budget_id", "may hold letters, digits and . _ : @ + - (1-128)");
            if (problems.isEmpty() && budgets.findByIdOptional(id).isPresent()) {
                throw ApiException.conflict("Budget '" + id + "' already exists");
            }
        }
        Instant now = clock.instant();
        BudgetEntity budget = new BudgetEntity();
        budget.id = id != null ? id : Ids.generate("bud");
        budget.shared = true;
        budget.anchorAt = BudgetPeriods.anchor(now);
        budget.createdAt = now;
        budget.updatedAt = now;
        apply(problems, budget, fields);
        problems.throwIfAny();
        budgets.persist(budget);
        SharedBudget after = SharedBudget.from(budget);
        audit.record(caller, "budget.create", "budget", budget.id, null, after);
        return after;
    }

    @Transactional
    public SharedBudget update(Caller caller, String id, Fields fields) {
        caller.requireAdmin();
        BudgetEntity budget = require(id);
        SharedBudget before = SharedBudget.from(budget);
        Problems problems = new Problems();
        String duration = budget.duration;
        apply(problems, budget, fields);
        problems.throwIfAny();
        if (!Objects.equals(duration, budget.duration)) {
            budget.anchorAt = BudgetPeriods.anchor(clock.instant());
        }
        budget.updatedAt = clock.instant();
        changes.keysChanged(keysUsing(id));
        SharedBudget after = SharedBudget.from(budget);
        audit.record(caller, "budget.update", "budget", id, before, after);
        return after;
    }

    @Transactional
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        BudgetEntity budget = require(id);
        long users = this.users.count("budgetId", id);
        long teams = this.teams.count("budgetId", id);
        long keys = this.keys.count("budgetId", id);
        long subscriptions = this.subscriptions.count("budgetId", id);
        if (users + teams + keys + subscriptions > 0) {
            throw ApiException.conflict("Budget '" + id + "' is in use by " + keys + " keys, " + users + " users, "
                    + teams + " teams and " + subscriptions + " subscriptions");
        }
        SharedBudget before = SharedBudget.from(budget);
        budgets.delete(budget);
        audit.record(caller, "budget.delete", "budget", id, before, null);
    }

    @Transactional
    public List<SharedBudget> get(Caller caller, List<String> ids) {
        caller.requireReadAll();
        if (ids == null || ids.isEmpty()) {
            return budgets.list("shared = true order by createdAt").stream().map(SharedBudget::from).toList();
        }
        return ids.stream().map(this::require).map(SharedBudget::from).toList();
    }

    /** Sets (0: resets) a holder's spend in its current period; see {@link SpendLedger#setSpend}. */
    @Transactional
    public BudgetStatus setSpend(Caller caller, String scopeType, String scopeId, BigDecimal usd, String reason) {
        String budgetId;
        List<String> affected;
        switch (scopeType) {
            case "key" -> {
                budgetId = require(keys.findById(scopeId), "Key", scopeId).budgetId;
                affected = List.of(scopeId);
            }
            case "user" -> {
                budgetId = require(users.findById(scopeId), "User", scopeId).budgetId;
                affected = keys.idsOfUser(scopeId);
            }
            case "team" -> {
                budgetId = require(teams.findById(scopeId), "Team", scopeId).budgetId;
                affected = keys.idsOfTeam(scopeId);
            }
            case "subscription" -> {
                SubscriptionEntity s = require(subscriptions.findById(scopeId), "Subscription", scopeId);
                budgetId = s.budgetId;
                affected = s.userId != null ? keys.personalIdsOfUser(s.userId) : keys.idsOfTeam(s.teamId);
            }
            default -> throw Problems.single("scopeType", "must be key, user, team or subscription");
        }
        return ledger.setSpend(caller, scopeType, scopeId, budgetId, usd, reason, affected);
    }

    private static <T> T require(T entity, String what, String id) {
        if (entity == null) {
            throw ApiException.notFound(what, id);
        }
        return entity;
    }

    private BudgetEntity require(String id) {
        return budgets.findByIdOptional(id).filter(b -> b.shared)
                .orElseThrow(() -> ApiException.notFound("Budget", id));
    }

    private List<String> keysUsing(String budgetId) {
        Set<String> out = new LinkedHashSet<>(keys.idsWithBudget(budgetId));
        users.list("budgetId", budgetId).forEach(u -> out.addAll(keys.idsOfUser(u.id)));
        teams.list("budgetId", budgetId).forEach(t -> out.addAll(keys.idsOfTeam(t.id)));
        subscriptions.list("budgetId", budgetId).forEach(s -> out.addAll(s.userId != null
                ? keys.personalIdsOfUser(s.userId) : keys.idsOfTeam(s.teamId)));
        return new ArrayList<>(out);
    }

    private static void apply(Problems problems, BudgetEntity budget, Fields fields) {
        fields.maxBudget().ifPresent(v -> {
            problems.check(v == null || v.signum() >= 0, "max_budget", "must be >= 0");
            budget.maxBudget = v;
        });
        fields.softBudget().ifPresent(v -> {
            problems.check(v == null || v.signum() >= 0, "soft_budget", "must be >= 0");
            budget.softBudget = v;
        });
        fields.duration().ifPresent(v -> {
            try {
                budget.duration = v == null ? null : BudgetPeriods.normalize(v);
            } catch (ApiException e) {
                problems.add("budget_duration", e.fields().get(0).message());
            }
        });
        fields.thresholds().ifPresent(v -> {
            problems.check(v == null || v.stream().allMatch(t -> t != null && t > 0 && t <= 1000),
                    "budget_thresholds", "must be percentages between 1 and 1000");
            budget.thresholds = v;
        });
        fields.rpmLimit().ifPresent(v -> budget.rpmLimit = v);
        fields.tpmLimit().ifPresent(v -> budget.tpmLimit = v);
        fields.maxParallel().ifPresent(v -> budget.maxParallel = v);
    }
}
