package io.llmaas.admin.web;

import java.util.Map;

/**
 * The confirmation a page shows after a change (POST-redirect-GET with {@code ?notice=<code>}): fixed texts, so
 * nothing from the address is ever written into the page.
 */
public final class Notices {

    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("subscribed", "You are subscribed: keys for this model work now."),
            Map.entry("pending", "Your request was sent. An admin approves access to this model; you will see the "
                    + "decision on your subscriptions page."),
            Map.entry("cancelled", "The subscription is cancelled: keys can no longer call this model."),
            Map.entry("review", "Review requested: the subscription waits for an admin again."),
            Map.entry("blocked", "The key is blocked: every gateway refuses it within seconds."),
            Map.entry("unblocked", "The key works again."),
            Map.entry("key-deleted", "The key is deleted."),
            Map.entry("member-saved", "The member was saved."),
            Map.entry("member-removed", "The member was removed."),
            Map.entry("team-subscribed", "The team's subscription was requested."),
            Map.entry("model-created", "The model was created. Gateways pick up catalog changes within seconds."),
            Map.entry("model-saved", "The model was saved. Gateways pick up catalog changes within seconds."),
            Map.entry("model-deleted", "The model was deleted."),
            Map.entry("deployment-added", "The deployment was added."),
            Map.entry("deployment-deleted", "The deployment was deleted."),
            Map.entry("decided", "The decision was recorded."),
            Map.entry("limits-saved", "Limits and budget were saved."),
            Map.entry("spend-reset", "The spend of the current budget period was reset."),
            Map.entry("team-created", "The team was created."),
            Map.entry("team-deleted", "The team was deleted with its keys and subscriptions."));

    private Notices() {
    }

    /** The text of a notice code, or null for no (or an unknown) code. */
    public static String text(String code) {
        return code == null ? null : TEXTS.get(code);
    }
}
