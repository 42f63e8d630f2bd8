package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.TeamMemberEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.repository.ModelRepository;
import io.llmaas.keys.repository.TeamMemberRepository;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.llmaas.keys.rest.dto.TeamView;
import io.llmaas.keys.security.Caller;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Teams and their members. Team admins manage members; only platform admins create, change or delete teams. */
@ApplicationScoped
public class TeamService {

    public static final Set<String> MEMBER_ROLES = Set.of("admin", "member", "viewer");

    /** A member to add: user and role. */
    public record NewMember(String userId, String role) {
    }

    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final UserRepository users;
    private final VirtualKeyRepository keys;
    private final ModelRepository models;
    private final BudgetService budgets;
    private final KeyService keyService;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    public TeamService(TeamRepository teams, TeamMemberRepository members, UserRepository users,
            VirtualKeyRepository keys, ModelRepository models, BudgetService budgets, KeyService keyService,
            ChangeLog changes, AuditTrail audit, Clock clock) {
        this.teams = teams;
        this.members = members;
        this.users = users;
        this.keys = keys;
        this.models = models;
        this.budgets = budgets;
        this.keyService = keyService;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public TeamView create(Caller caller, String id, TeamFields fields, List<NewMember> initialMembers) {
        caller.requireAdmin();
        Problems problems = new Problems();
        if (id != null) {
            problems.check(Ids.acceptable(id), "team_id", "may hold letters, digits and . _ : @ + - (1-128)");
            if (problems.isEmpty() && teams.findByIdOptional(id).isPresent()) {
                throw ApiException.conflict("Team '" + id + "' already exists");
            }
        }
        Instant now = clock.instant();
        TeamEntity team = new TeamEntity();
        team.id = id != null ? id : Ids.generate("team");
        team.createdAt = now;
        apply(problems, team, fields);
        for (NewMember member : initialMembers) {
            checkMember(problems, member);
        }
        problems.throwIfAny();
        team.updatedAt = now;
        team.budgetId = budgets.apply(null, fields.budget()).budgetId();
        teams.persist(team);
        for (NewMember member : initialMembers) {
            persistMember(team.id, member, now);
        }
        TeamView after = view(team);
        audit.record(caller, "team.create", "team", team.id, null, after);
        return after;
    }

    @Transactional
    public TeamView update(Caller caller, String id, TeamFields fields) {
        caller.requireAdmin();
        TeamEntity team = require(id);
        TeamView before = view(team);
        Problems problems = new Problems();
        apply(problems, team, fields);
        problems.throwIfAny();
        BudgetService.Applied budget = budgets.apply(team.budgetId, fields.budget());
        team.budgetId = budget.budgetId();
        team.updatedAt = clock.instant();
        budgets.release(budget.released());
        changes.keysChanged(keys.idsOfTeam(team.id));
        TeamView after = view(team);
        audit.record(caller, "team.update", "team", team.id, before, after);
        return after;
    }

    @Transactional
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        TeamEntity team = require(id);
        TeamView before = view(team);
        for (String keyId : keys.idsOfTeam(id)) {
            keyService.deleteWithin(caller, keyId);
        }
        String budgetId = team.budgetId;
        members.delete("teamId", id);
        teams.delete(team);
        budgets.release(budgetId);
        audit.record(caller, "team.delete", "team", id, before, null);
    }

    @Transactional
    public TeamView get(Caller caller, String id) {
        TeamEntity team = require(id);
        if (!caller.canReadAll() && (caller.userId() == null || members.find(id, caller.userId()).isEmpty())) {
            throw ApiException.forbidden("Not a member of this team");
        }
        return view(team);
    }

    @Transactional
    public List<TeamView> list(Caller caller, String userId, int page, int size) {
        if (userId != null) {
            caller.requireReadOf(userId);
            return members.ofUser(userId).stream().map(m -> view(require(m.teamId))).toList();
        }
        caller.requireReadAll();
        return teams.findAll(Sort.by("createdAt").and("id")).page(Page.of(page, size)).list().stream()
                .map(this::view).toList();
    }

    @Transactional
    public TeamView addMember(Caller caller, String teamId, NewMember member) {
        TeamEntity team = require(teamId);
        requireTeamAdmin(caller, teamId);
        Problems problems = new Problems();
        checkMember(problems, member);
        problems.throwIfAny();
        TeamView before = view(team);
        TeamMemberEntity existing = members.find(teamId, member.userId()).orElse(null);
        if (existing != null) {
            if (existing.role.equals(member.role())) {
                throw ApiException.conflict("User '" + member.userId() + "' is already a member of team '" + teamId
                        + "'");
            }
            existing.role = member.role();
        } else {
            persistMember(teamId, member, clock.instant());
        }
        membershipChanged(teamId, member.userId());
        TeamView after = view(team);
        audit.record(caller, "team.member_add", "team", teamId, before, after);
        return after;
    }

    @Transactional
    public TeamView removeMember(Caller caller, String teamId, String userId) {
        TeamEntity team = require(teamId);
        requireTeamAdmin(caller, teamId);
        TeamMemberEntity existing = members.find(teamId, userId)
                .orElseThrow(() -> ApiException.notFound("Member", userId));
        TeamView before = view(team);
        members.delete(existing);
        membershipChanged(teamId, userId);
        TeamView after = view(team);
        audit.record(caller, "team.member_delete", "team", teamId, before, after);
        return after;
    }

    public boolean isTeamAdmin(Caller caller, String teamId) {
        return caller.isAdmin() || (caller.userId() != null && members.find(teamId, caller.userId())
                .filter(m -> m.role.equals("admin")).isPresent());
    }

    public boolean isMember(String teamId, String userId) {
        return userId != null && members.find(teamId, userId).isPresent();
    }

    public TeamEntity require(String id) {
        return teams.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("Team", id));
    }

    /** The user a member reference names: its id, or its external id (the portal user name people type). */
    @Transactional
    public String memberId(String userId, String externalId) {
        if (userId != null) {
            return userId;
        }
        if (externalId == null || externalId.isBlank()) {
            throw Problems.single("userId", "give userId or externalId");
        }
        return users.findByExternalId(externalId).map(u -> u.id)
                .orElseThrow(() -> Problems.single("externalId", "no user '" + externalId + "' (people appear here "
                        + "after their first login)"));
    }

    TeamView view(TeamEntity team) {
        List<TeamMemberEntity> teamMembers = members.ofTeam(team.id);
        Map<String, UserEntity> byId = new HashMap<>();
        teamMembers.forEach(m -> users.findByIdOptional(m.userId).ifPresent(u -> byId.put(u.id, u)));
        return TeamView.from(team, budgets.status("team", team.id, team.budgetId), teamMembers, byId);
    }

    private void requireTeamAdmin(Caller caller, String teamId) {
        if (!isTeamAdmin(caller, teamId)) {
            throw ApiException.forbidden("Only administrators and team admins may manage members");
        }
    }

    private void membershipChanged(String teamId, String userId) {
        changes.keysChanged(keys.idsOfTeam(teamId).stream()
                .filter(keyId -> userId.equals(keys.findById(keyId).userId)).toList());
    }

    private void checkMember(Problems problems, NewMember member) {
        if (member.userId() == null || users.findByIdOptional(member.userId()).isEmpty()) {
            problems.add("member.user_id", "unknown user '" + member.userId() + "'");
        }
        if (member.role() == null || !MEMBER_ROLES.contains(member.role())) {
            problems.add("member.role", "must be admin, member or viewer");
        }
    }

    private void persistMember(String teamId, NewMember member, Instant now) {
        TeamMemberEntity entity = new TeamMemberEntity();
        entity.teamId = teamId;
        entity.userId = member.userId();
        entity.role = member.role();
        entity.createdAt = now;
        members.persist(entity);
    }

    private void apply(Problems problems, TeamEntity team, TeamFields fields) {
        fields.alias().ifPresent(v -> team.alias = v);
        fields.models().ifPresent(v -> team.models = Limits.models(problems, v, models));
        Limits.checkLimits(problems, fields.rpmLimit(), fields.tpmLimit(), fields.maxParallel());
        fields.rpmLimit().ifPresent(v -> team.rpmLimit = v);
        fields.tpmLimit().ifPresent(v -> team.tpmLimit = v);
        fields.maxParallel().ifPresent(v -> team.maxParallel = v);
        fields.blocked().ifPresent(v -> team.blocked = Boolean.TRUE.equals(v));
        fields.metadata().ifPresent(v -> team.metadata = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v));
    }
}
