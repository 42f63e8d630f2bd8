package io.llmaas.admin.service;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.TemplateExtension;

/**
 * Subscription approvals: the queue of one status (pending by default) with the names of who asked, decisions one by
 * one or in bulk (all or none), and reverting a decision. keys-service keeps the history and the audit records.
 */
@ApplicationScoped
public class Approvals {

    /** The statuses in the order the page offers them. */
    public static final List<String> STATUSES = List.of("pending", "active", "denied", "suspended", "cancelled");
    public static final Set<String> DECISIONS = Set.of("approve", "deny", "revert");

    /** A subscription with the names of its user or team. */
    public record Row(KeysApi.Subscription subscription, String owner, boolean team) {
    }

    private final KeysClient keys;

    /** The statuses to list by ({@code approvals:statuses}). */
    @TemplateExtension(namespace = "approvals")
    static List<String> statuses() {
        return STATUSES;
    }

    public Approvals(KeysClient keys) {
        this.keys = keys;
    }

    /** Subscriptions of one status, oldest first (the queue's order). */
    public List<Row> list(ActingUser me, String status) {
        if (!STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "status is one of " + String.join(", ", STATUSES));
        }
        Map<String, String> users = new HashMap<>();
        keys.users(me.id()).forEach(user -> users.put(user.id(), user.name()));
        Map<String, String> teams = new HashMap<>();
        keys.teams(me.id(), null).forEach(team -> teams.put(team.id(), team.name()));
        return keys.subscriptions(me.id(), null, null, status).stream()
                .sorted(Comparator.comparing(KeysApi.Subscription::updatedAt))
                .map(s -> s.teamId() != null ? new Row(s, teams.getOrDefault(s.teamId(), s.teamId()), true)
                        : new Row(s, users.getOrDefault(s.userId(), s.userId()), false))
                .toList();
    }

    public KeysApi.Subscription decide(ActingUser me, String id, String decision, String reason) {
        requireDecision(decision);
        return keys.transition(me.id(), id, decision, reason);
    }

    /** Approves or denies every listed subscription, or none if one of them cannot be. */
    public List<KeysApi.Subscription> decideAll(ActingUser me, List<String> ids, String decision, String reason) {
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw ApiException.badRequest("decision", "several subscriptions are approved or denied together");
        }
        if (ids == null || ids.isEmpty()) {
            throw ApiException.badRequest("ids", "select at least one subscription");
        }
        return keys.decideAll(me.id(), decision, ids, reason);
    }

    public KeysApi.Subscription subscription(ActingUser me, String id) {
        return keys.subscription(me.id(), id);
    }

    public List<KeysApi.SubscriptionEvent> history(ActingUser me, String id) {
        return keys.subscriptionHistory(me.id(), id);
    }

    private static void requireDecision(String decision) {
        if (!DECISIONS.contains(decision)) {
            throw ApiException.badRequest("decision", "the decision is approve, deny or revert");
        }
    }
}
