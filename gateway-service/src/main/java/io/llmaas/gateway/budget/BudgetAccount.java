package io.llmaas.gateway.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.gateway.limits.LeaseChannel;

/**
 * The budget of one key on one model ({@code key:<id>:model:<alias>}) as this gateway holds it: BUDGET leases of
 * nano-dollars from keys-service, reserved against every budget that applies. Each request reserves its worst-case
 * cost from the current lease and settles its actual cost when it ends; a lease that cannot hold the next
 * reservation stops taking new ones and is released (its consumption reported, the rest handed back) once its last
 * request settled. Guarded by the account's lock; calls happen outside of it.
 */
final class BudgetAccount {

    enum Reserve {
        RESERVED, DENIED, FETCH
    }

    /** One BUDGET lease and what the requests reserved from it did. */
    static final class BudgetLease {
        final String id;
        final long amount;
        final long deadline;
        /** Settled actual costs plus the reservations of requests still running. */
        long committed;
        /** Settled actual costs: what is reported as consumed. */
        long consumed;
        int open;
        long lastUse;
        boolean closed;
        boolean released;

        BudgetLease(String id, long amount, long deadline, long now) {
            this.id = id;
            this.amount = amount;
            this.deadline = deadline;
            this.lastUse = now;
        }
    }

    /** A request's reservation. */
    record Reservation(BudgetAccount account, BudgetLease lease, long reserved) {
    }

    final String scope;
    private final long deniedCacheMs;
    private BudgetLease current;
    private final List<BudgetLease> draining = new ArrayList<>(2);
    private long deniedUntil;
    private long retryAfterMs;
    private CompletableFuture<Void> fetch;

    BudgetAccount(String scope, long deniedCacheMs) {
        this.scope = scope;
        this.deniedCacheMs = deniedCacheMs;
    }

    synchronized Reserve reserve(long cost, long now, Reservation[] into) {
        if (current != null && (now >= current.deadline || current.amount - current.committed < cost)) {
            // This lease cannot take the request: it drains and is released once its requests settled.
            close(current);
            current = null;
        }
        if (current != null) {
            current.committed += cost;
            current.open++;
            current.lastUse = now;
            into[0] = new Reservation(this, current, cost);
            return Reserve.RESERVED;
        }
        if (now < deniedUntil) {
            return Reserve.DENIED;
        }
        return Reserve.FETCH;
    }

    synchronized CompletableFuture<Void> fetch(LeaseChannel channel, long want, long need, long expiryMarginMs) {
        if (fetch != null) {
            return fetch;
        }
        CompletableFuture<Void> running = channel.ask(scope, LeaseKind.BUDGET, Math.max(want, need), need)
                .thenAccept(grant -> granted(grant, expiryMarginMs))
                .whenComplete((ignored, failure) -> {
                    synchronized (this) {
                        fetch = null;
                    }
                });
        // An answer that came at once has run the callback already: nothing is running then.
        fetch = running.isDone() ? null : running;
        return running;
    }

    private synchronized void granted(LeaseResponse.Grant grant, long expiryMarginMs) {
        long now = System.currentTimeMillis();
        if (grant.limit() < 0 && grant.leaseId() == null) {
            // No budget applies any more: a lease-less "unlimited" account.
            current = new BudgetLease(null, Long.MAX_VALUE / 4, now + 5_000, now);
            return;
        }
        if (grant.leaseId() == null || grant.granted() == 0) {
            retryAfterMs = Math.max(1, grant.retryAfterMs());
            deniedUntil = now + Math.min(retryAfterMs, deniedCacheMs);
            return;
        }
        close(current);
        long expires = grant.expiresAt() == null ? now + 60_000 : grant.expiresAt().toEpochMilli();
        current = new BudgetLease(grant.leaseId(), grant.granted(), Math.max(now, expires - expiryMarginMs), now);
        deniedUntil = 0;
    }

    synchronized void settle(BudgetLease lease, long reserved, long actual) {
        lease.committed += actual - reserved;
        lease.consumed += actual;
        lease.open--;
        lease.lastUse = System.currentTimeMillis();
    }

    private void close(BudgetLease lease) {
        if (lease != null && !lease.closed) {
            lease.closed = true;
            draining.add(lease);
        }
    }

    /**
     * Background upkeep: a lease past its time or idle for {@code idleReleaseMs} stops taking reservations; a closed
     * lease whose requests all settled is released with its consumption.
     */
    synchronized void maintain(long now, long idleReleaseMs, LeaseChannel channel) {
        if (current != null && current.open == 0 && (now >= current.deadline || now - current.lastUse >= idleReleaseMs)) {
            close(current);
            current = null;
        }
        for (int i = draining.size() - 1; i >= 0; i--) {
            BudgetLease lease = draining.get(i);
            if (lease.open == 0) {
                if (lease.id != null) {
                    channel.report(lease.id, LeaseKind.BUDGET, lease.consumed, true);
                }
                draining.remove(i);
            }
        }
    }

    synchronized boolean idle(long now) {
        return current == null && draining.isEmpty() && fetch == null && now >= deniedUntil;
    }

    synchronized long retryAfterMs() {
        return retryAfterMs;
    }
}
