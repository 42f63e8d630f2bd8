package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;

/**
 * The model catalog as a developer sees it: the enabled models, each with the user's own subscription to it, and
 * subscribing (a restricted model starts pending until an admin approves; keys-service decides).
 */
@ApplicationScoped
public class Catalog {

    /** A model and the user's subscription to it (null when there is none). */
    public record Entry(KeysApi.Model model, KeysApi.Subscription subscription) {

        /** {@code none}, or the subscription's status: active, pending, denied, suspended, cancelled. */
        public String status() {
            return subscription == null ? "none" : subscription.status();
        }

        /** Whether the user may subscribe now: never subscribed, or the last subscription was cancelled. */
        public boolean canSubscribe() {
            return subscription == null || "cancelled".equals(subscription.status());
        }
    }

    private final KeysClient keys;

    public Catalog(KeysClient keys) {
        this.keys = keys;
    }

    /** Every enabled model, by alias, with the user's subscription. */
    public List<Entry> entries(ActingUser me) {
        Map<String, KeysApi.Subscription> mine = mySubscriptions(me);
        return keys.models(me.id()).stream().filter(KeysApi.Model::enabled)
                .sorted(Comparator.comparing(KeysApi.Model::alias))
                .map(model -> new Entry(model, mine.get(model.alias()))).toList();
    }

    /** One enabled model; a disabled or unknown one is not found. */
    public Entry entry(ActingUser me, String alias) {
        KeysApi.Model model = keys.model(me.id(), alias);
        if (!model.enabled()) {
            throw ApiException.notFound("Model", alias);
        }
        return new Entry(model, mySubscriptions(me).get(alias));
    }

    /** Subscribes the user; the answer's status says whether it is active or waits for approval. */
    public KeysApi.Subscription subscribe(ActingUser me, String alias, String reason) {
        me.requireChangeRights();
        entry(me, alias);
        return keys.subscribe(me.id(), new KeysApi.NewSubscription(me.id(), null, alias, reason));
    }

    /** The aliases the user may call now: enabled models with an active subscription. */
    public List<String> callableModels(ActingUser me) {
        return entries(me).stream().filter(entry -> "active".equals(entry.status()))
                .map(entry -> entry.model().alias()).toList();
    }

    private Map<String, KeysApi.Subscription> mySubscriptions(ActingUser me) {
        return keys.subscriptions(me.id(), me.id(), null, null).stream()
                .collect(Collectors.toMap(KeysApi.Subscription::model, Function.identity(), (a, b) -> b));
    }
}
