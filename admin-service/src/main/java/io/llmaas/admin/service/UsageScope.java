package io.llmaas.admin.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.UsageQuery;
import io.llmaas.admin.web.Form;
import io.llmaas.contracts.error.ApiException;

/**
 * Which usage a portal user may ask usage-service about. usage-service answers any filter for the service token, so
 * this is where ownership is decided: a user sees its own usage, a team's if it is a member, a key's if it may manage
 * the key; only the admin console asks about anything.
 */
@ApplicationScoped
public class UsageScope {

    private final MyTeams teams;
    private final MyKeys keys;

    public UsageScope(MyTeams teams, MyKeys keys) {
        this.teams = teams;
        this.keys = keys;
    }

    /**
     * The user's own usage, or (given) one of its teams' or keys'. A team or key that is not the user's is not found,
     * whatever its id.
     */
    public UsageQuery forUser(ActingUser me, UsageRange range, String teamId, String keyId) {
        if (teamId != null && keyId != null) {
            throw ApiException.badRequest("teamId", "Ask about a team or a key, not both");
        }
        if (teamId != null) {
            teams.member(me, teamId);
            return new UsageQuery(range.start(), range.end(), null, null, teamId, null);
        }
        if (keyId != null) {
            keys.manageable(me, keyId);
            return new UsageQuery(range.start(), range.end(), keyId, null, null, null);
        }
        return new UsageQuery(range.start(), range.end(), null, me.id(), null, null);
    }

    /** Any usage, filtered as an admin chooses (null: any). */
    public UsageQuery forAdmin(ActingUser me, UsageRange range, String userId, String teamId, String model,
            String keyId) {
        if (!me.canReadAll()) {
            throw ApiException.forbidden("Only administrators see everyone's usage");
        }
        return new UsageQuery(range.start(), range.end(), Form.optional(keyId), Form.optional(userId), Form.optional(teamId), Form.optional(model));
    }
}
