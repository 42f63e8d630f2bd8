package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;

/**
 * The teams a user belongs to: members, team keys, subscriptions, budget and spend. Team admins manage members and the
 * team's subscriptions; members and admins create team keys; viewers only look. A team the user is not in is "not
 * found".
 */
@ApplicationScoped
public class MyTeams {

    public static final Set<String> MEMBER_ROLES = Set.of("admin", "member", "viewer");
    private static final Pattern LOGIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:\\-]{0,127}");

    /** A team as one of its members sees it. */
    public record TeamView(KeysApi.Team team, String myRole, String myUserId, List<KeysApi.Key> keys,
            List<KeysApi.Subscription> subscriptions) {

        /** Whether the user may manage a team key: its own, or any as a team admin. */
        public boolean manages(KeysApi.Key key) {
            return admin() || myUserId.equals(key.userId());
        }

        public boolean admin() {
            return "admin".equals(myRole);
        }

        public boolean canCreateKeys() {
            return "admin".equals(myRole) || "member".equals(myRole);
        }
    }

    private final KeysClient keys;

    public MyTeams(KeysClient keys) {
        this.keys = keys;
    }

    public List<KeysApi.Team> list(ActingUser me) {
        return keys.teams(me.id(), me.id()).stream().sorted(Comparator.comparing(KeysApi.Team::name)).toList();
    }

    public TeamView get(ActingUser me, String teamId) {
        KeysApi.Team team = member(me, teamId);
        return new TeamView(team, team.roleOf(me.id()), me.id(), keys.keys(me.id(), null, teamId),
                keys.subscriptions(me.id(), null, teamId, null));
    }

    /** The team, if the user is a member of it. */
    public KeysApi.Team member(ActingUser me, String teamId) {
        KeysApi.Team team = Ownership.found("Team", teamId, () -> keys.team(me.id(), teamId));
        if (team.roleOf(me.id()) == null) {
            throw ApiException.notFound("Team", teamId);
        }
        return team;
    }

    /** Adds a member by login name (people appear in keys-service at their first login), or changes its role. */
    public KeysApi.Team addMember(ActingUser me, String teamId, String loginName, String role) {
        requireTeamAdmin(me, teamId);
        if (loginName == null || !LOGIN_NAME.matcher(loginName).matches()) {
            throw ApiException.badRequest("loginName", "enter the person's login name");
        }
        if (role == null || !MEMBER_ROLES.contains(role)) {
            throw ApiException.badRequest("role", "the role is admin, member or viewer");
        }
        return keys.addMember(me.id(), teamId, loginName, role);
    }

    public KeysApi.Team removeMember(ActingUser me, String teamId, String userId) {
        KeysApi.Team team = requireTeamAdmin(me, teamId);
        if (team.roleOf(userId) == null) {
            throw ApiException.notFound("Member", userId);
        }
        return keys.removeMember(me.id(), teamId, userId);
    }

    /** Subscribes the team to a model (restricted ones wait for approval). */
    public KeysApi.Subscription subscribe(ActingUser me, String teamId, String alias, String reason) {
        requireTeamAdmin(me, teamId);
        return keys.subscribe(me.id(), new KeysApi.NewSubscription(null, teamId, alias, reason));
    }

    private KeysApi.Team requireTeamAdmin(ActingUser me, String teamId) {
        me.requireChangeRights();
        KeysApi.Team team = member(me, teamId);
        if (!"admin".equals(team.roleOf(me.id()))) {
            throw ApiException.forbidden("Only the team's admins manage its members and subscriptions");
        }
        return team;
    }
}
