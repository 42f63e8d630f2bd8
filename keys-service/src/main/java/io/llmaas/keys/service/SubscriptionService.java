package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.entity.SubscriptionEntity;
import io.llmaas.keys.entity.SubscriptionHistoryEntity;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.SubscriptionHistoryRepository;
import io.llmaas.keys.repository.SubscriptionRepository;
import io.llmaas.keys.repository.TeamMemberRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.rest.dto.SubscriptionEventView;
import io.llmaas.keys.rest.dto.SubscriptionView;
import io.llmaas.keys.security.Caller;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Subscriptions of users and teams to models, with their approval flow. Subscribing to a restricted model starts
 * {@code pending} until an administrator approves; every status change is kept in the history with who and why.
 */
@ApplicationScoped
public class SubscriptionService {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";
    public static final String DENIED = "denied";
    public static final String SUSPENDED = "suspended";
    public static final String CANCELLED = "cancelled";
    public static final Set<String> STATUSES = Set.of(PENDING, ACTIVE, DENIED, SUSPENDED, CANCELLED);

    /** The status-changing actions of the API. */
    public enum Action {
        APPROVE, DENY, SUSPEND, CANCEL, REQUEST_REVIEW, REVERT
    }

    private final SubscriptionRepository subscriptions;
    private final SubscriptionHistoryRepository history;
    private final ModelRepository models;
    private final UserRepository users;
    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final VirtualKeyRepository keys;
    private final BudgetService budgets;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public SubscriptionService(SubscriptionRepository subscriptions, SubscriptionHistoryRepository history,
            ModelRepository models, UserRepository users, TeamRepository teams, TeamMemberRepository members,
            VirtualKeyRepository keys, BudgetService budgets, ChangeLog changes, AuditTrail audit, Clock clock) {
        this.subscriptions = subscriptions;
        this.history = history;
        this.models = models;
        this.users = users;
        this.teams = teams;
        this.members = members;
        this.keys = keys;
        this.budgets = budgets;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public SubscriptionView create(Caller caller, String userId, String teamId, String modelAlias, String reason,
            BudgetSpec budget) {
        Problems problems = new Problems();
        problems.check((userId == null) != (teamId == null), "userId", "give exactly one of userId and teamId");
        problems.check(modelAlias != null, "model", "is required");
        problems.throwIfAny();
        ModelEntity model = models.findByAlias(modelAlias).filter(m -> m.enabled || caller.canReadAll())
                .orElseThrow(() -> Problems.single("model", "unknown model '" + modelAlias + "'"));
        requireOwnerWrite(caller, userId, teamId);
        if (budget.any()) {
            caller.requireAdmin();
        }
        if (userId != null && users.findByIdOptional(userId).isEmpty()) {
            throw Problems.single("userId", "unknown user '" + userId + "'");
        }
        if (teamId != null && teams.findByIdOptional(teamId).isEmpty()) {
            throw Problems.single("teamId", "unknown team '" + teamId + "'");
        }
        SubscriptionEntity existing = (userId != null ? subscriptions.findForUser(userId, model.id)
                : subscriptions.findForTeam(teamId, model.id)).orElse(null);
        String initial = model.restricted ? PENDING : ACTIVE;
        if (existing != null) {
            if (!existing.status.equals(CANCELLED)) {
                throw ApiException.conflict("A subscription to '" + modelAlias + "' already exists (status "
                        + existing.status + ")");
            }
            SubscriptionView before = view(existing);
            move(caller, existing, initial, reason);
            audit.record(caller, "subscription.create", "subscription", existing.id, before, view(existing));
            return view(existing);
        }
        Instant now = clock.instant();
        SubscriptionEntity subscription = new SubscriptionEntity();
        subscription.id = Ids.generate("sub");
        subscription.userId = userId;
        subscription.teamId = teamId;
        subscription.modelId = model.id;
        subscription.status = initial;
        subscription.reason = reason;
        subscription.createdAt = now;
        subscription.updatedAt = now;
        subscription.budgetId = budgets.apply(null, budget).budgetId();
        subscriptions.persist(subscription);
        addHistory(subscription.id, null, initial, caller.actor(), reason, now);
        keysChanged(subscription);
        SubscriptionView after = view(subscription);
        audit.record(caller, "subscription.create", "subscription", subscription.id, null, after);
        return after;
    }

    /**
     * Key generation by an administrator with a model list: the user gets an active subscription to each listed model
     * it has none for (a restricted one too, the administrator being the approver).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void grantMissing(Caller caller, String userId, String teamId, List<String> aliases) {
        caller.requireAdmin();
        Instant now = clock.instant();
        for (String alias : aliases) {
            ModelEntity model = models.findByAlias(alias).orElseThrow();
            boolean exists = (userId != null ? subscriptions.findForUser(userId, model.id)
                    : subscriptions.findForTeam(teamId, model.id)).isPresent();
            if (exists) {
                continue;
            }
            SubscriptionEntity subscription = new SubscriptionEntity();
            subscription.id = Ids.generate("sub");
            subscription.userId = userId;
            subscription.teamId = teamId;
            subscription.modelId = model.id;
            subscription.status = ACTIVE;
            subscription.reason = "granted by key generation";
            subscription.createdAt = now;
            subscription.updatedAt = now;
            subscriptions.persist(subscription);
            addHistory(subscription.id, null, ACTIVE, caller.actor(), subscription.reason, now);
            keysChanged(subscription);
            audit.record(caller, "subscription.create", "subscription", subscription.id, null, view(subscription));
        }
    }

    @Transactional
    public SubscriptionView transition(Caller caller, String id, Action action, String reason) {
        SubscriptionEntity subscription = require(id);
        return doTransition(caller, subscription, action, reason);
    }

    /** Approves or denies several subscriptions at once: all of them, or none if any cannot be. */
    @Transactional
    public List<SubscriptionView> bulk(Caller caller, List<String> ids, Action action, String reason) {
        caller.requireAdmin();
        if (ids == null || ids.isEmpty()) {
            throw Problems.single("ids", "must list at least one subscription");
        }
        List<SubscriptionView> out = new ArrayList<>();
        for (String id : ids) {
            out.add(doTransition(caller, require(id), action, reason));
        }
        return out;
    }

    @Transactional
    public SubscriptionView updateBudget(Caller caller, String id, BudgetSpec budget) {
        caller.requireAdmin();
        SubscriptionEntity subscription = require(id);
        SubscriptionView before = view(subscription);
        BudgetService.Applied applied = budgets.apply(subscription.budgetId, budget);
        subscription.budgetId = applied.budgetId();
        subscription.updatedAt = clock.instant();
        budgets.release(applied.released());
        keysChanged(subscription);
        SubscriptionView after = view(subscription);
        audit.record(caller, "subscription.update", "subscription", id, before, after);
        return after;
    }

    @Transactional
    public SubscriptionView get(Caller caller, String id) {
        SubscriptionEntity subscription = require(id);
        requireOwnerRead(caller, subscription);
        return view(subscription);
    }

    @Transactional
    public List<SubscriptionEventView> history(Caller caller, String id) {
        SubscriptionEntity subscription = require(id);
        requireOwnerRead(caller, subscription);
        return history.of(id).stream().map(SubscriptionEventView::from).toList();
    }

    @Transactional
    public List<SubscriptionView> list(Caller caller, String userId, String teamId, String modelAlias, String status,
            int page, int size) {
        if (userId != null) {
            caller.requireReadOf(userId);
        } else if (teamId != null) {
            if (!caller.canReadAll() && (caller.userId() == null || members.find(teamId, caller.userId()).isEmpty())) {
                throw ApiException.forbidden("Not a member of this team");
            }
        } else {
            caller.requireReadAll();
        }
        if (status != null && !STATUSES.contains(status)) {
            throw Problems.single("status", "must be one of " + STATUSES);
        }
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (userId != null) {
            query.append(" and userId = :userId");
            params.put("userId", userId);
        }
        if (teamId != null) {
            query.append(" and teamId = :teamId");
            params.put("teamId", teamId);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.put("status", status);
        }
        if (modelAlias != null) {
            query.append(" and modelId = :modelId");
            params.put("modelId", models.findByAlias(modelAlias).map(m -> m.id).orElse(""));
        }
        return subscriptions.find(query.toString(), Sort.by("createdAt").and("id"), params)
                .page(Page.of(page, size)).list().stream().map(this::view).toList();
    }

    /** A model became restricted: its active subscriptions wait for approval again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void restrict(Caller caller, ModelEntity model) {
        for (SubscriptionEntity subscription : subscriptions.ofModelWithStatus(model.id, ACTIVE)) {
            SubscriptionView before = view(subscription);
            move(caller, subscription, PENDING, "model became restricted");
            audit.record(caller, "subscription.pending", "subscription", subscription.id, before,
                    view(subscription));
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteOfModel(String modelId) {
        subscriptions.delete("modelId", modelId);
    }

    public SubscriptionEntity require(String id) {
        return subscriptions.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("Subscription", id));
    }

    SubscriptionView view(SubscriptionEntity s) {
        String alias = models.findByIdOptional(s.modelId).map(m -> m.alias).orElse(null);
        return SubscriptionView.from(s, alias, budgets.status("subscription", s.id, s.budgetId));
    }

    private SubscriptionView doTransition(Caller caller, SubscriptionEntity subscription, Action action,
            String reason) {
        SubscriptionView before = view(subscription);
        String from = subscription.status;
        ModelEntity model = models.findById(subscription.modelId);
        String to = switch (action) {
            case APPROVE -> {
                caller.requireAdmin();
                yield allowed(from, Set.of(PENDING, SUSPENDED, DENIED), ACTIVE, action);
            }
            case DENY -> {
                caller.requireAdmin();
                yield allowed(from, Set.of(PENDING), DENIED, action);
            }
            case SUSPEND -> {
                caller.requireAdmin();
                yield allowed(from, Set.of(ACTIVE, PENDING), SUSPENDED, action);
            }
            case CANCEL -> {
                requireOwnerWrite(caller, subscription.userId, subscription.teamId);
                yield allowed(from, Set.of(PENDING, ACTIVE, SUSPENDED), CANCELLED, action);
            }
            case REQUEST_REVIEW -> {
                requireOwnerWrite(caller, subscription.userId, subscription.teamId);
                yield allowed(from, Set.of(DENIED, CANCELLED), model.restricted ? PENDING : ACTIVE, action);
            }
            case REVERT -> {
                caller.requireAdmin();
                SubscriptionHistoryEntity last = history.last(subscription.id)
                        .filter(h -> h.fromStatus != null && h.toStatus.equals(from))
                        .orElseThrow(() -> ApiException.conflict("Nothing to revert: the subscription has no "
                                + "earlier status"));
                yield last.fromStatus;
            }
        };
        String why = action == Action.REVERT ? (reason == null ? "reverted" : "reverted: " + reason) : reason;
        move(caller, subscription, to, why);
        SubscriptionView after = view(subscription);
        audit.record(caller, "subscription." + action.name().toLowerCase().replace('_', '-'), "subscription",
                subscription.id, before, after);
        return after;
    }

    private static String allowed(String from, Set<String> fromStatuses, String to, Action action) {
        if (!fromStatuses.contains(from)) {
            throw ApiException.conflict("Cannot " + action.name().toLowerCase().replace('_', ' ')
                    + " a subscription that is " + from);
        }
        return to;
    }

    private void move(Caller caller, SubscriptionEntity subscription, String to, String reason) {
        Instant now = clock.instant();
        addHistory(subscription.id, subscription.status, to, caller.actor(), reason, now);
        subscription.status = to;
        subscription.reason = reason;
        subscription.updatedAt = now;
        keysChanged(subscription);
    }

    private void addHistory(String subscriptionId, String from, String to, String actor, String reason,
            Instant at) {
        SubscriptionHistoryEntity event = new SubscriptionHistoryEntity();
        event.subscriptionId = subscriptionId;
        event.fromStatus = from;
        event.toStatus = to;
        event.actor = actor;
        event.reason = reason;
        event.at = at;
        history.persist(event);
    }

    private void keysChanged(SubscriptionEntity subscription) {
        changes.keysChanged(subscription.userId != null ? keys.personalIdsOfUser(subscription.userId)
                : keys.idsOfTeam(subscription.teamId));
    }

    private void requireOwnerWrite(Caller caller, String userId, String teamId) {
        if (caller.isAdmin()) {
            return;
        }
        if (userId != null) {
            caller.requireWriteOf(userId);
            return;
        }
        boolean teamAdmin = caller.userId() != null && members.find(teamId, caller.userId())
                .filter(m -> m.role.equals("admin")).isPresent();
        if (!teamAdmin) {
            throw ApiException.forbidden("Only administrators and team admins may manage team subscriptions");
        }
    }

    private void requireOwnerRead(Caller caller, SubscriptionEntity s) {
        if (caller.canReadAll()) {
            return;
        }
        if (s.userId != null) {
            caller.requireReadOf(s.userId);
        } else if (caller.userId() == null || members.find(s.teamId, caller.userId()).isEmpty()) {
            throw ApiException.forbidden("Not a member of this team");
        }
    }
}
