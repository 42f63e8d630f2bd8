package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.KeySecretEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.repository.KeySecretRepository;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.TeamMemberRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.rest.dto.CreatedKey;
import io.llmaas.keys.rest.dto.KeyView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.KeySecrets;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Virtual keys. A secret is generated here, returned once in {@link CreatedKey}, and stored only as its SHA-256.
 * Rotation gives the key a new secret and keeps the previous one valid for a grace period the caller chooses.
 * Every change writes KEY entries for the key's hashes so all gateways drop what they cached.
 */
@ApplicationScoped
public class KeyService {

    private static final Logger LOG = Logger.getLogger(KeyService.class);

    private final VirtualKeyRepository keys;
    private final KeySecretRepository secrets;
    private final UserRepository users;
    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final ModelRepository models;
    private final SubscriptionService subscriptions;
    private final BudgetService budgets;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public KeyService(VirtualKeyRepository keys, KeySecretRepository secrets, UserRepository users,
            TeamRepository teams, TeamMemberRepository members, ModelRepository models,
            SubscriptionService subscriptions, BudgetService budgets, ChangeLog changes, AuditTrail audit,
            Clock clock) {
        this.keys = keys;
        this.secrets = secrets;
        this.users = users;
        this.teams = teams;
        this.members = members;
        this.models = models;
        this.subscriptions = subscriptions;
        this.budgets = budgets;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new key with its secret. Its owner may give it a budget of its own (inline fields): that only restricts the key
     * further, as the user, team and subscription budgets still apply. Linking a shared budget stays with admins.
     */
    @Transactional
    public CreatedKey create(Caller caller, KeyFields fields) {
        Instant now = clock.instant();
        VirtualKeyEntity key = new VirtualKeyEntity();
        key.id = Ids.generate("key");
        key.userId = fields.userId().present() ? fields.userId().value() : caller.userId();
        key.teamId = fields.teamId().value();
        key.createdBy = caller.actor();
        key.createdAt = now;
        requireOwnerWrite(caller, key.userId, key.teamId, true);
        Problems problems = new Problems();
        checkOwner(problems, caller, key.userId, key.teamId);
        apply(problems, key, fields);
        problems.throwIfAny();
        if (fields.budget().budgetId().present()) {
            caller.requireAdmin();
        }
        key.updatedAt = now;
        key.budgetId = budgets.apply(null, fields.budget()).budgetId();
        keys.persist(key);
        String secret = KeySecrets.generate();
        persistSecret(key.id, secret, now);
        if (caller.isAdmin() && !key.models.isEmpty() && (key.userId != null || key.teamId != null)) {
            subscriptions.grantMissing(caller, key.teamId == null ? key.userId : null, key.teamId, key.models);
        }
        changes.keysChanged(List.of(key.id));
        KeyView view = view(key);
        audit.record(caller, "key.create", "key", key.id, null, view);
        LOG.debugf("Key %s created for %s (%s)", key.id, key.userId == null ? "service" : key.userId,
                view.keyPrefix());
        return new CreatedKey(secret, view);
    }

    @Transactional
    public KeyView update(Caller caller, String keyId, KeyFields fields) {
        VirtualKeyEntity key = require(keyId);
        requireOwnerWrite(caller, key.userId, key.teamId, false);
        KeyView before = view(key);
        changeKey(caller, key, fields);
        KeyView after = view(key);
        audit.record(caller, "key.update", "key", key.id, before, after);
        return after;
    }

    /** A new secret for the key; the previous one keeps working for {@code grace} (zero: not at all). */
    @Transactional
    public CreatedKey rotate(Caller caller, String keyId, Duration grace, KeyFields fields) {
        if (grace.isNegative()) {
            throw Problems.single("grace_period", "must not be negative");
        }
        VirtualKeyEntity key = require(keyId);
        requireOwnerWrite(caller, key.userId, key.teamId, false);
        KeyView before = view(key);
        if (fields.anySet()) {
            changeKey(caller, key, fields);
        }
        Instant now = clock.instant();
        List<String> oldHashes = new ArrayList<>();
        secrets.current(key.id).ifPresent(current -> {
            oldHashes.add(current.hash);
            if (grace.isZero()) {
                secrets.delete(current);
            } else {
                current.validUntil = now.plus(grace);
            }
        });
        secrets.flush();
        String secret = KeySecrets.generate();
        persistSecret(key.id, secret, now);
        key.updatedAt = now;
        changes.keyHashesChanged(oldHashes);
        changes.keysChanged(List.of(key.id));
        KeyView after = view(key);
        audit.record(caller, "key.rotate", "key", key.id, before, after);
        LOG.debugf("Key %s rotated (%s), previous secret valid for %s", key.id, after.keyPrefix(), grace);
        return new CreatedKey(secret, after);
    }

    @Transactional
    public KeyView setBlocked(Caller caller, String keyId, boolean blocked) {
        VirtualKeyEntity key = require(keyId);
        requireOwnerWrite(caller, key.userId, key.teamId, false);
        KeyView before = view(key);
        key.blocked = blocked;
        key.updatedAt = clock.instant();
        changes.keysChanged(List.of(key.id));
        KeyView after = view(key);
        audit.record(caller, blocked ? "key.block" : "key.unblock", "key", key.id, before, after);
        return after;
    }

    @Transactional
    public void delete(Caller caller, String keyId) {
        VirtualKeyEntity key = require(keyId);
        requireOwnerWrite(caller, key.userId, key.teamId, false);
        deleteWithin(caller, keyId);
    }

    /** Deletes several keys: all of them, or none if any is unknown or not the caller's. */
    @Transactional
    public List<String> deleteAll(Caller caller, List<String> keyIds) {
        for (String keyId : keyIds) {
            VirtualKeyEntity key = require(keyId);
            requireOwnerWrite(caller, key.userId, key.teamId, false);
        }
        for (String keyId : keyIds) {
            deleteWithin(caller, keyId);
        }
        return keyIds;
    }

    /** Deletes a key inside a larger change (its user or team going away); authorization is the caller's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteWithin(Caller caller, String keyId) {
        VirtualKeyEntity key = require(keyId);
        KeyView before = view(key);
        changes.keysChanged(List.of(key.id));
        String budgetId = key.budgetId;
        secrets.delete("keyId", key.id);
        keys.delete(key);
        budgets.release(budgetId);
        audit.record(caller, "key.delete", "key", keyId, before, null);
        LOG.debugf("Key %s deleted", keyId);
    }

    @Transactional
    public KeyView get(Caller caller, String keyId) {
        VirtualKeyEntity key = require(keyId);
        requireOwnerRead(caller, key);
        return view(key);
    }

    /** A page of the keys the caller may see, filtered by user, team and alias, with the total count. */
    public record KeyPage(List<KeyView> keys, long total) {
    }

    @Transactional
    public List<KeyView> list(Caller caller, String userId, String teamId, String alias, int page, int size) {
        return page(caller, userId, teamId, alias, page, size).keys();
    }

    @Transactional
    public KeyPage page(Caller caller, String userId, String teamId, String alias, int page, int size) {
        if (userId != null) {
            caller.requireReadOf(userId);
        } else if (teamId != null) {
            if (!caller.canReadAll() && !isMember(teamId, caller.userId())) {
                throw ApiException.forbidden("Not a member of this team");
            }
        } else if (!caller.canReadAll()) {
            userId = caller.userId();
            if (userId == null) {
                throw ApiException.forbidden("Only administrators may list every key");
            }
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
        if (alias != null) {
            query.append(" and alias = :alias");
            params.put("alias", alias);
        }
        var found = keys.find(query.toString(), Sort.by("createdAt").and("id"), params);
        long total = found.count();
        return new KeyPage(found.page(Page.of(page, size)).list().stream().map(this::view).toList(), total);
    }

    /**
     * The key a LiteLLM-style reference names: the secret itself ({@code sk-…}), its hash (LiteLLM's {@code token}),
     * or our key id.
     */
    @Transactional
    public String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw Problems.single("key", "is required");
        }
        if (reference.startsWith(KeySecrets.PREFIX)) {
            return secrets.findByIdOptional(KeySecrets.hash(reference)).map(s -> s.keyId)
                    .orElseThrow(() -> ApiException.notFound("Key", KeySecrets.prefix(reference) + "…"));
        }
        if (KeySecrets.looksLikeHash(reference)) {
            return secrets.findByIdOptional(reference.toLowerCase()).map(s -> s.keyId)
                    .orElseThrow(() -> ApiException.notFound("Key", reference));
        }
        return keys.findByIdOptional(reference).map(k -> k.id)
                .orElseThrow(() -> ApiException.notFound("Key", reference));
    }

    public VirtualKeyEntity require(String keyId) {
        return keys.findByIdOptional(keyId).orElseThrow(() -> ApiException.notFound("Key", keyId));
    }

    public KeyView view(VirtualKeyEntity key) {
        return KeyView.from(key, secrets.ofKey(key.id), budgets.status("key", key.id, key.budgetId));
    }

    private void changeKey(Caller caller, VirtualKeyEntity key, KeyFields fields) {
        Problems problems = new Problems();
        if (fields.userId().present() || fields.teamId().present()) {
            caller.requireAdmin();
            String userId = fields.userId().or(key.userId);
            String teamId = fields.teamId().or(key.teamId);
            checkOwner(problems, caller, userId, teamId);
            key.userId = userId;
            key.teamId = teamId;
        }
        apply(problems, key, fields);
        problems.throwIfAny();
        if (fields.budget().any()) {
            caller.requireAdmin();
        }
        BudgetService.Applied budget = budgets.apply(key.budgetId, fields.budget());
        key.budgetId = budget.budgetId();
        key.updatedAt = clock.instant();
        budgets.release(budget.released());
        if (caller.isAdmin() && fields.models().present() && !key.models.isEmpty()
                && (key.userId != null || key.teamId != null)) {
            subscriptions.grantMissing(caller, key.teamId == null ? key.userId : null, key.teamId, key.models);
        }
        changes.keysChanged(List.of(key.id));
    }

    private void persistSecret(String keyId, String secret, Instant now) {
        KeySecretEntity stored = new KeySecretEntity();
        stored.hash = KeySecrets.hash(secret);
        stored.keyId = keyId;
        stored.prefix = KeySecrets.prefix(secret);
        stored.createdAt = now;
        secrets.persist(stored);
    }

    private void checkOwner(Problems problems, Caller caller, String userId, String teamId) {
        if (userId != null && users.findByIdOptional(userId).isEmpty()) {
            problems.add("user_id", "unknown user '" + userId + "'");
        }
        if (teamId != null && teams.findByIdOptional(teamId).isEmpty()) {
            problems.add("team_id", "unknown team '" + teamId + "'");
        }
        if (problems.isEmpty() && teamId != null && userId != null && !caller.isAdmin()
                && !isMember(teamId, userId)) {
            problems.add("team_id", "user '" + userId + "' is not a member of team '" + teamId + "'");
        }
    }

    private void apply(Problems problems, VirtualKeyEntity key, KeyFields fields) {
        fields.alias().ifPresent(alias -> {
            if (alias != null && keys.findByAlias(alias).filter(other -> !other.id.equals(key.id)).isPresent()) {
                problems.add("key_alias", "another key already has the alias '" + alias + "'");
            }
            key.alias = alias;
        });
        fields.models().ifPresent(v -> key.models = Limits.models(problems, v, models));
        Limits.checkLimits(problems, fields.rpmLimit(), fields.tpmLimit(), fields.maxParallel());
        fields.rpmLimit().ifPresent(v -> key.rpmLimit = v);
        fields.tpmLimit().ifPresent(v -> key.tpmLimit = v);
        fields.maxParallel().ifPresent(v -> key.maxParallel = v);
        fields.modelRpmLimit().ifPresent(v -> key.modelRpm = perModel(problems, "model_rpm_limit", v));
        fields.modelTpmLimit().ifPresent(v -> key.modelTpm = perModel(problems, "model_tpm_limit", v));
        fields.expiresAt().ifPresent(v -> key.expiresAt = v);
        fields.blocked().ifPresent(v -> key.blocked = Boolean.TRUE.equals(v));
        fields.metadata().ifPresent(v -> key.metadata = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v));
    }

    private Map<String, Number> perModel(Problems problems, String field, Map<String, Long> limits) {
        Map<String, Number> out = new LinkedHashMap<>();
        if (limits == null) {
            return out;
        }
        limits.forEach((alias, limit) -> {
            if (models.findByAlias(alias).isEmpty()) {
                problems.add(field, "unknown model '" + alias + "'");
            } else if (limit == null || limit < 0) {
                problems.add(field, "limit for '" + alias + "' must be >= 0");
            } else {
                out.put(alias, limit);
            }
        });
        return out;
    }

    private boolean isMember(String teamId, String userId) {
        return userId != null && members.find(teamId, userId).isPresent();
    }

    private void requireOwnerWrite(Caller caller, String userId, String teamId, boolean creating) {
        if (caller.isAdmin()) {
            return;
        }
        if (teamId != null) {
            boolean allowed = caller.userId() != null && members.find(teamId, caller.userId())
                    .filter(m -> !m.role.equals("viewer")).isPresent()
                    && (Objects.equals(userId, caller.userId()) || isTeamAdmin(teamId, caller.userId()));
            if (!allowed) {
                throw ApiException.forbidden(creating ? "Only team admins and members may create team keys"
                        : "Not yours to change");
            }
            return;
        }
        caller.requireWriteOf(userId);
    }

    private boolean isTeamAdmin(String teamId, String userId) {
        return members.find(teamId, userId).filter(m -> m.role.equals("admin")).isPresent();
    }

    private void requireOwnerRead(Caller caller, VirtualKeyEntity key) {
        if (caller.canReadAll() || (caller.userId() != null && caller.userId().equals(key.userId))) {
            return;
        }
        if (key.teamId != null && isMember(key.teamId, caller.userId())) {
            return;
        }
        throw ApiException.forbidden("Not yours to read");
    }
}
