package io.llmaas.contracts.internal;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /internal/changes?after={cursor}&limit={n}}: what changed since a gateway last asked. Sequence numbers are
 * allocated in commit order, so a gateway that advances its cursor never skips a change. {@code after=-1} answers the
 * current head with no changes (a starting gateway loads everything it needs anyway). When {@code after} is older than
 * the retained history, {@code reset} is true and the gateway drops every cached key.
 */
@RegisterForReflection
public record ChangeFeed(long cursor, boolean reset, List<Change> changes) {

    /**
     * @param kind    KEY: the key with {@code keyHash} changed (created, updated, blocked, deleted, rotated, or its
     *                user/team/subscriptions/budgets changed); ROUTING: the catalog changed, reload the routing table
     * @param keyHash set for KEY
     */
    @RegisterForReflection
    public record Change(long seq, Kind kind, String keyHash) {
    }

    public enum Kind {
        KEY,
        ROUTING
    }
}
