package io.llmaas.keys.rest.dto;

import java.time.Instant;

import io.llmaas.keys.entity.SubscriptionHistoryEntity;

/** One status change of a subscription. */
public record SubscriptionEventView(String fromStatus, String toStatus, String actor, String reason, Instant at) {

    public static SubscriptionEventView from(SubscriptionHistoryEntity h) {
        return new SubscriptionEventView(h.fromStatus, h.toStatus, h.actor, h.reason, h.at);
    }
}
