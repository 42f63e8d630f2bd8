package io.llmaas.keys.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.llmaas.keys.entity.BudgetEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.entity.SubscriptionEntity;
import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.repository.BudgetRepository;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.SubscriptionRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;

/**
 * Who holds a budget that applies to a request: the key, its user, its team, and the owner's subscription to the
 * model (the team's for a team key, the user's for a personal key). Also the per-scope row locks that make grants
 * and settlements on the same holders exact when several keys-service replicas run.
 */
@ApplicationScoped
public class BudgetHolders {

    /** A holder with its budget (null when it has none) and the budget period containing a given instant. */
    public record Holder(String type, String id, String name, BudgetEntity budget, BudgetPeriods.Period period) {

        public String key() {
            return type + ":" + id + "@" + period.start().getEpochSecond();
        }

        public boolean limited() {
            return budget != null && budget.maxBudget != null;
        }
    }

    private final VirtualKeyRepository keys;
    private final UserRepository users;
    private final TeamRepository teams;
    private final ModelRepository models;
    private final SubscriptionRepository subscriptions;
    private final BudgetRepository budgets;
    private final EntityManager em;

    public BudgetHolders(VirtualKeyRepository keys, UserRepository users, TeamRepository teams, ModelRepository models,
            SubscriptionRepository subscriptions, BudgetRepository budgets, EntityManager em) {
        this.keys = keys;
        this.users = users;
        this.teams = teams;
        this.models = models;
        this.subscriptions = subscriptions;
        this.budgets = budgets;
        this.em = em;
    }

    /** The holders of a request by key, user and team ids on a model, with periods containing {@code at}. */
    public List<Holder> of(String keyId, String userId, String teamId, String modelAlias, Instant at) {
        List<Holder> out = new ArrayList<>();
        VirtualKeyEntity key = keyId == null ? null : keys.findById(keyId);
        if (keyId != null) {
            out.add(holder("key", keyId, key == null ? null : key.alias, key == null ? null : key.budgetId, at));
        }
        if (userId != null) {
            UserEntity user = users.findById(userId);
            out.add(holder("user", userId, user == null ? null : user.email, user == null ? null : user.budgetId, at));
        }
        if (teamId != null) {
            TeamEntity team = teams.findById(teamId);
            out.add(holder("team", teamId, team == null ? null : team.alias, team == null ? null : team.budgetId, at));
        }
        ModelEntity model = modelAlias == null ? null : models.findByAlias(modelAlias).orElse(null);
        if (model != null && (teamId != null || userId != null)) {
            SubscriptionEntity subscription = (teamId != null ? subscriptions.findForTeam(teamId, model.id)
                    : subscriptions.findForUser(userId, model.id)).orElse(null);
            if (subscription != null) {
                out.add(holder("subscription", subscription.id, modelAlias, subscription.budgetId, at));
            }
        }
        return out;
    }

    private Holder holder(String type, String id, String name, String budgetId, Instant at) {
        BudgetEntity budget = budgetId == null ? null : budgets.findById(budgetId);
        BudgetPeriods.Period period = budget == null ? new BudgetPeriods.Period(BudgetPeriods.LIFETIME, null)
                : BudgetPeriods.periodAt(budget.anchorAt, budget.duration, at);
        return new Holder(type, id, name, budget, period);
    }

    /** Locks the scope rows in a stable order (no deadlocks), creating them on first use. */
    public void lock(Collection<String> scopes) {
        for (String scope : new TreeSet<>(scopes)) {
            em.createNativeQuery("insert into keys.lease_scopes (scope) values (?1) on conflict do nothing")
                    .setParameter(1, scope).executeUpdate();
            em.createNativeQuery("select scope from keys.lease_scopes where scope = ?1 for update")
                    .setParameter(1, scope).getSingleResult();
        }
    }

    public static List<String> lockScopes(List<Holder> holders) {
        return holders.stream().map(h -> "budget " + h.type() + ":" + h.id()).toList();
    }
}
