package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;

/**
 * Users as admins manage them: limits and budget, spend reset, their keys (block, delete). Roles are shown, not
 * edited: they come from the identity provider's groups at every login, so a change here would not last.
 */
@ApplicationScoped
public class UserAdmin {

    /** What the user page shows. {@code teamNames} names the teams of {@code user.teams()}. */
    public record UserView(KeysApi.User user, List<KeysApi.Key> keys, List<KeysApi.Subscription> subscriptions,
            Map<String, String> teamNames) {
    }

    private final KeysClient keys;

    public UserAdmin(KeysClient keys) {
        this.keys = keys;
    }

    /** Users whose login name, name or email contains {@code text} (all when blank), by login name. */
    public List<KeysApi.User> list(ActingUser me, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return keys.users(me.id()).stream()
                .filter(user -> wanted.isEmpty() || contains(user.externalId(), wanted)
                        || contains(user.displayName(), wanted) || contains(user.email(), wanted)
                        || contains(user.id(), wanted))
                .sorted(Comparator.comparing(KeysApi.User::name)).toList();
    }

    public UserView get(ActingUser me, String id) {
        KeysApi.User user = keys.user(me.id(), id);
        Map<String, String> teamNames = new HashMap<>();
        if (user.teams() != null && !user.teams().isEmpty()) {
            keys.teams(me.id(), id).forEach(team -> teamNames.put(team.id(), team.name()));
        }
        return new UserView(user, keys.keys(me.id(), id, null), keys.subscriptions(me.id(), id, null, null),
                teamNames);
    }

    public KeysApi.User updateLimits(ActingUser me, String id, KeysApi.Limits limits) {
        return keys.updateUser(me.id(), id, limits);
    }

    public KeysApi.Budget resetSpend(ActingUser me, String id, String reason) {
        return keys.resetSpend(me.id(), "users", id, reason);
    }

    /** Blocks or unblocks any user's key: every gateway refuses a blocked key within 2 s. */
    public KeysApi.Key setKeyBlocked(ActingUser me, String keyId, boolean blocked) {
        return keys.setBlocked(me.id(), keyId, blocked);
    }

    /** Deletes a key; answers it as it was, so the page can go back to its user. */
    public KeysApi.Key deleteKey(ActingUser me, String keyId) {
        KeysApi.Key key = keys.key(me.id(), keyId);
        keys.deleteKey(me.id(), keyId);
        return key;
    }

    public KeysApi.Key key(ActingUser me, String keyId) {
        return keys.key(me.id(), keyId);
    }

    private static boolean contains(String value, String wanted) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted);
    }
}
