package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;

/**
 * A user's own subscriptions: list, history, cancel, and asking for a review of a denied (or cancelled) one. Another
 * user's subscription is "not found", whatever its id, so ids cannot be probed.
 */
@ApplicationScoped
public class MySubscriptions {

    private final KeysClient keys;

    public MySubscriptions(KeysClient keys) {
        this.keys = keys;
    }

    /** Newest change first. */
    public List<KeysApi.Subscription> list(ActingUser me) {
        return keys.subscriptions(me.id(), me.id(), null, null).stream()
                .sorted(Comparator.comparing(KeysApi.Subscription::updatedAt).reversed()).toList();
    }

    public KeysApi.Subscription get(ActingUser me, String id) {
        KeysApi.Subscription subscription = Ownership.found("Subscription", id, () -> keys.subscription(me.id(), id));
        if (!me.id().equals(subscription.userId())) {
            throw ApiException.notFound("Subscription", id);
        }
        return subscription;
    }

    /** Status changes, oldest first. */
    public List<KeysApi.SubscriptionEvent> history(ActingUser me, String id) {
        get(me, id);
        return keys.subscriptionHistory(me.id(), id);
    }

    public KeysApi.Subscription cancel(ActingUser me, String id, String reason) {
        me.requireChangeRights();
        get(me, id);
        return keys.transition(me.id(), id, "cancel", reason);
    }

    /** A denied or cancelled subscription asks again: pending for a restricted model, active otherwise. */
    public KeysApi.Subscription requestReview(ActingUser me, String id, String reason) {
        me.requireChangeRights();
        get(me, id);
        return keys.transition(me.id(), id, "request-review", reason);
    }
}
