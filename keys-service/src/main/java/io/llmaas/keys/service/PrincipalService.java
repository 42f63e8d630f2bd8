package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.Limits;
import io.llmaas.keys.entity.BudgetEntity;
import io.llmaas.keys.entity.KeySecretEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.entity.SubscriptionEntity;
import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.repository.BudgetRepository;
import io.llmaas.keys.repository.KeySecretRepository;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.SubscriptionRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;

/**
 * Answers the gateways' key verification with a {@link KeyPrincipal}: visible models (the key's list ∩ the user's ∩
 * the team's ∩ enabled models), callable models (visible ∩ the owner's active subscriptions: the team's for a team
 * key, the user's for a personal key, all visible for a service key), limits at every level, and budget flags.
 */
@ApplicationScoped
public class PrincipalService {

    private final KeySecretRepository secrets;
    private final VirtualKeyRepository keys;
    private final UserRepository users;
    private final TeamRepository teams;
    private final ModelRepository models;
    private final SubscriptionRepository subscriptions;
    private final BudgetRepository budgets;
    private final KeyUsageTracker usage;
    private final Clock clock;

    public PrincipalService(KeySecretRepository secrets, VirtualKeyRepository keys, UserRepository users,
            TeamRepository teams, ModelRepository models, SubscriptionRepository subscriptions,
            BudgetRepository budgets, KeyUsageTracker usage, Clock clock) {
        this.secrets = secrets;
        this.keys = keys;
        this.users = users;
        this.teams = teams;
        this.models = models;
        this.subscriptions = subscriptions;
        this.budgets = budgets;
        this.usage = usage;
        this.clock = clock;
    }

    /** Empty for an unknown hash or a rotated-out secret whose grace period has ended. */
    @Transactional
    public Optional<KeyPrincipal> verify(String keyHash) {
        if (keyHash == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        KeySecretEntity secret = secrets.findById(keyHash.toLowerCase());
        if (secret == null || (secret.validUntil != null && !secret.validUntil.isAfter(now))) {
            return Optional.empty();
        }
        VirtualKeyEntity key = keys.findById(secret.keyId);
        if (key == null) {
            return Optional.empty();
        }
        UserEntity user = key.userId == null ? null : users.findById(key.userId);
        TeamEntity team = key.teamId == null ? null : teams.findById(key.teamId);

        List<String> visible = new ArrayList<>(models.enabledAliases());
        restrictTo(visible, key.models);
        if (user != null) {
            restrictTo(visible, user.models);
        }
        if (team != null) {
            restrictTo(visible, team.models);
        }
        List<String> callable;
        if (team != null) {
            callable = intersect(visible, subscriptions.activeAliasesOfTeam(team.id));
        } else if (user != null) {
            callable = intersect(visible, subscriptions.activeAliasesOfUser(user.id));
        } else {
            callable = List.copyOf(visible);
        }

        Map<String, Limits> modelLimits = new LinkedHashMap<>();
        Set<String> limitedModels = new LinkedHashSet<>(key.modelRpm.keySet());
        limitedModels.addAll(key.modelTpm.keySet());
        for (String alias : limitedModels) {
            Number rpm = key.modelRpm.get(alias);
            Number tpm = key.modelTpm.get(alias);
            modelLimits.put(alias, new Limits(rpm == null ? null : rpm.longValue(),
                    tpm == null ? null : tpm.longValue(), null));
        }

        boolean budgeted = hasMaxBudget(key.budgetId) || (user != null && hasMaxBudget(user.budgetId))
                || (team != null && hasMaxBudget(team.budgetId));
        List<String> budgetedModels = budgetedModels(user, team, callable);

        Instant expiresAt = key.expiresAt;
        if (secret.validUntil != null && (expiresAt == null || secret.validUntil.isBefore(expiresAt))) {
            expiresAt = secret.validUntil;
        }
        boolean blocked = key.blocked || (team != null && team.blocked);
        usage.used(key.id, now);
        return Optional.of(new KeyPrincipal(key.id, secret.hash, secret.prefix + "…", key.alias, key.userId,
                key.teamId, blocked ? KeyPrincipal.KeyStatus.BLOCKED : KeyPrincipal.KeyStatus.ACTIVE, expiresAt,
                List.copyOf(visible), callable, limits(key.rpmLimit, key.tpmLimit, key.maxParallel), modelLimits,
                user == null ? Limits.NONE : limits(user.rpmLimit, user.tpmLimit, user.maxParallel),
                team == null ? Limits.NONE : limits(team.rpmLimit, team.tpmLimit, team.maxParallel), budgeted,
                budgetedModels, stringMap(key.metadata)));
    }

    private List<String> budgetedModels(UserEntity user, TeamEntity team, List<String> callable) {
        List<String> out = new ArrayList<>();
        for (String alias : callable) {
            ModelEntity model = models.findByAlias(alias).orElse(null);
            if (model == null) {
                continue;
            }
            Optional<SubscriptionEntity> subscription = team != null ? subscriptions.findForTeam(team.id, model.id)
                    : user != null ? subscriptions.findForUser(user.id, model.id) : Optional.empty();
            if (subscription.isPresent() && hasMaxBudget(subscription.get().budgetId)) {
                out.add(alias);
            }
        }
        return out;
    }

    private boolean hasMaxBudget(String budgetId) {
        if (budgetId == null) {
            return false;
        }
        BudgetEntity budget = budgets.findById(budgetId);
        return budget != null && budget.maxBudget != null;
    }

    private static Limits limits(Long rpm, Long tpm, Integer parallel) {
        return new Limits(rpm, tpm, parallel);
    }

    private static void restrictTo(List<String> visible, List<String> allowed) {
        if (allowed != null && !allowed.isEmpty()) {
            visible.retainAll(new HashSet<>(allowed));
        }
    }

    private static List<String> intersect(List<String> visible, List<String> active) {
        Set<String> activeSet = new HashSet<>(active);
        return visible.stream().filter(activeSet::contains).toList();
    }

    private static Map<String, String> stringMap(Map<String, Object> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (v != null) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
