package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.TeamMemberRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.rest.dto.UserView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.Role;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Users: created by admins, by LiteLLM's {@code /user/new}, or at every portal login (upsert by identity). */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserRepository users;
    private final TeamMemberRepository members;
    private final VirtualKeyRepository keys;
    private final ModelRepository models;
    private final BudgetService budgets;
    private final KeyService keyService;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public UserService(UserRepository users, TeamMemberRepository members, VirtualKeyRepository keys,
            ModelRepository models, BudgetService budgets, KeyService keyService, ChangeLog changes, AuditTrail audit,
            Clock clock) {
        this.users = users;
        this.members = members;
        this.keys = keys;
        this.models = models;
        this.budgets = budgets;
        this.keyService = keyService;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    /** The portal's login: creates the user on first login, refreshes email, name and role afterwards. */
    public record LoginResult(UserView user, boolean created) {
    }

    @Transactional
    public UserView create(Caller caller, String id, UserFields fields) {
        caller.requireAdmin();
        Problems problems = new Problems();
        if (id != null) {
            problems.check(Ids.acceptable(id), "user_id", "may hold letters, digits and . _ : @ + - (1-128)");
            if (problems.isEmpty() && users.findByIdOptional(id).isPresent()) {
                throw ApiException.conflict("User '" + id + "' already exists");
            }
        }
        Instant now = clock.instant();
        UserEntity user = new UserEntity();
        user.id = id != null ? id : Ids.generate("usr");
        user.role = Role.USER.wireName();
        user.createdAt = now;
        apply(problems, user, fields);
        problems.throwIfAny();
        user.updatedAt = now;
        user.budgetId = budgets.apply(null, fields.budget()).budgetId();
        users.persist(user);
        audit.record(caller, "user.create", "user", user.id, null, view(user));
        LOG.debugf("User %s created", user.id);
        return view(user);
    }

    @Transactional
    public LoginResult upsertByExternalId(Caller caller, String externalId, String email, String displayName,
            String role) {
        caller.requireAdmin();
        Problems problems = new Problems();
        problems.check(externalId != null && !externalId.isBlank(), "externalId", "is required");
        problems.check(role == null || Role.parse(role).isPresent(), "role", "must be admin, admin-readonly or user");
        problems.throwIfAny();
        Instant now = clock.instant();
        UserEntity user = users.findByExternalId(externalId).orElse(null);
        if (user == null) {
            user = new UserEntity();
            user.id = Ids.generate("usr");
            user.externalId = externalId;
            user.email = email;
            user.displayName = displayName;
            user.role = role == null ? Role.USER.wireName() : Role.parse(role).get().wireName();
            user.createdAt = now;
            user.updatedAt = now;
            users.persist(user);
            audit.record(caller, "user.create", "user", user.id, null, view(user));
            return new LoginResult(view(user), true);
        }
        UserView before = view(user);
        String newRole = role == null ? user.role : Role.parse(role).get().wireName();
        if (!Objects.equals(user.email, email) || !Objects.equals(user.displayName, displayName)
                || !Objects.equals(user.role, newRole)) {
            user.email = email;
            user.displayName = displayName;
            user.role = newRole;
            user.updatedAt = now;
            audit.record(caller, "user.update", "user", user.id, before, view(user));
        }
        return new LoginResult(view(user), false);
    }

    @Transactional
    public UserView update(Caller caller, String id, UserFields fields) {
        caller.requireAdmin();
        UserEntity user = require(id);
        UserView before = view(user);
        Problems problems = new Problems();
        apply(problems, user, fields);
        problems.throwIfAny();
        BudgetService.Applied budget = budgets.apply(user.budgetId, fields.budget());
        user.budgetId = budget.budgetId();
        user.updatedAt = clock.instant();
        budgets.release(budget.released());
        changes.keysChanged(keys.idsOfUser(user.id));
        UserView after = view(user);
        audit.record(caller, "user.update", "user", user.id, before, after);
        return after;
    }

    @Transactional
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        UserEntity user = require(id);
        UserView before = view(user);
        for (String keyId : keys.idsOfUser(user.id)) {
            keyService.deleteWithin(caller, keyId);
        }
        String budgetId = user.budgetId;
        users.delete(user);
        budgets.release(budgetId);
        audit.record(caller, "user.delete", "user", id, before, null);
    }

    /** Deletes several users: all of them, or none if any is unknown. */
    @Transactional
    public List<String> deleteAll(Caller caller, List<String> ids) {
        ids.forEach(this::require);
        ids.forEach(id -> delete(caller, id));
        return ids;
    }

    @Transactional
    public UserView get(Caller caller, String id) {
        caller.requireReadOf(id);
        return view(require(id));
    }

    @Transactional
    public List<UserView> list(Caller caller, String role, String email, int page, int size) {
        caller.requireReadAll();
        StringBuilder query = new StringBuilder("1 = 1");
        LinkedHashMap<String, Object> params = new LinkedHashMap<>();
        if (role != null) {
            query.append(" and role = :role");
            params.put("role", role);
        }
        if (email != null) {
            query.append(" and lower(email) = lower(:email)");
            params.put("email", email);
        }
        return users.find(query.toString(), Sort.by("createdAt").and("id"), params)
                .page(Page.of(page, size)).list().stream().map(this::view).toList();
    }

    public UserEntity require(String id) {
        return users.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("User", id));
    }

    UserView view(UserEntity user) {
        return UserView.from(user, budgets.status("user", user.id, user.budgetId), members.ofUser(user.id));
    }

    private void apply(Problems problems, UserEntity user, UserFields fields) {
        fields.role().ifPresent(r -> {
            if (r == null || Role.parse(r).isEmpty()) {
                problems.add("role", "must be admin, admin-readonly or user");
            } else {
                user.role = Role.parse(r).get().wireName();
            }
        });
        fields.externalId().ifPresent(ext -> {
            if (ext != null && users.findByExternalId(ext).filter(other -> !other.id.equals(user.id)).isPresent()) {
                problems.add("externalId", "belongs to another user");
            }
            user.externalId = ext;
        });
        fields.email().ifPresent(v -> user.email = v);
        fields.displayName().ifPresent(v -> user.displayName = v);
        fields.models().ifPresent(v -> user.models = Limits.models(problems, v, models));
        Limits.checkLimits(problems, fields.rpmLimit(), fields.tpmLimit(), fields.maxParallel());
        fields.rpmLimit().ifPresent(v -> user.rpmLimit = v);
        fields.tpmLimit().ifPresent(v -> user.tpmLimit = v);
        fields.maxParallel().ifPresent(v -> user.maxParallel = v);
        fields.metadata().ifPresent(v -> user.metadata = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v));
    }
}
