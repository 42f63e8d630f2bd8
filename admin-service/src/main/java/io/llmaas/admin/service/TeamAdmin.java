package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;

/** Teams as admins manage them: create, members, limits and budget, spend reset, delete. */
@ApplicationScoped
public class TeamAdmin {

    /** What the team page of the admin console shows. */
    public record TeamView(KeysApi.Team team, List<KeysApi.Key> keys, List<KeysApi.Subscription> subscriptions) {
    }

    private final KeysClient keys;

    public TeamAdmin(KeysClient keys) {
        this.keys = keys;
    }

    public List<KeysApi.Team> list(ActingUser me) {
        return keys.teams(me.id(), null).stream().sorted(Comparator.comparing(KeysApi.Team::name)).toList();
    }

    public TeamView get(ActingUser me, String id) {
        return new TeamView(keys.team(me.id(), id), keys.keys(me.id(), null, id),
                keys.subscriptions(me.id(), null, id, null));
    }

    /** A new team; {@code adminLogin} (optional) becomes its first team admin. */
    public KeysApi.Team create(ActingUser me, String alias, String adminLogin) {
        if (alias == null || alias.isBlank() || alias.length() > 128) {
            throw ApiException.badRequest("alias", "name the team (up to 128 characters)");
        }
        KeysApi.Team team = keys.createTeam(me.id(), new KeysApi.NewTeam(alias.trim()));
        if (adminLogin != null && !adminLogin.isBlank()) {
            team = keys.addMember(me.id(), team.id(), adminLogin.trim(), "admin");
        }
        return team;
    }

    public KeysApi.Team updateLimits(ActingUser me, String id, KeysApi.Limits limits) {
        return keys.updateTeam(me.id(), id, limits);
    }

    public KeysApi.Team addMember(ActingUser me, String id, String loginName, String role) {
        if (loginName == null || loginName.isBlank()) {
            throw ApiException.badRequest("loginName", "enter the person's login name");
        }
        if (role == null || !MyTeams.MEMBER_ROLES.contains(role)) {
            throw ApiException.badRequest("role", "the role is admin, member or viewer");
        }
        return keys.addMember(me.id(), id, loginName.trim(), role);
    }

    public KeysApi.Team removeMember(ActingUser me, String id, String userId) {
        return keys.removeMember(me.id(), id, userId);
    }

    public KeysApi.Budget resetSpend(ActingUser me, String id, String reason) {
        return keys.resetSpend(me.id(), "teams", id, reason);
    }

    public void delete(ActingUser me, String id) {
        keys.deleteTeam(me.id(), id);
    }
}
