package io.llmaas.gateway.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.gateway.limits.LeaseAsk;
import io.llmaas.gateway.limits.LeaseChannel;

/**
 * The budget of one key on one model ({@code key:<id>:model:<alias>}) as this gateway holds it: BUDGET leases of
 * nano-dollars from keys-service, reserved against every budget that applies. Each request reserves its worst-case
 * cost from the current lease and settles its actual cost when it ends; a lease that cannot hold the next
 * reservation stops taking new ones and is released (its consumption reported, the rest handed back) once its last
 * request settled. Once half of a lease is committed the next one is asked for in the background, so the requests
 * of a busy key do not wait for keys-service when the lease runs out. Guarded by the account's lock; calls happen
 * outside of it.
 */
final class BudgetAccount {

    enum Reserve {
        /** Reserved; {@link #RESERVED_ASK_AHEAD}: reserved, and the caller should ask for the next lease now. */
        RESERVED, RESERVED_ASK_AHEAD, DENIED, FETCH
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
        /** The next lease was asked for while this one was current (once per lease). */
        boolean askedAhead;

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

    /** An ask within this time of the previous one means the key is busy: the next asks for twice as much. */
    static final long FAST_REFETCH_MS = 1_000;
    /** An ask this long after the previous one means the key was quiet: the next asks for half as much per period. */
    static final long QUIET_MS = 5_000;
    /** The most worst-case requests one lease asks for. */
    static final int MAX_SLICE_REQUESTS = 1 << 16;

    final String scope;
    private final long deniedCacheMs;
    /** Worst-case requests the next lease asks for; 0 = the configured size. */
    private int sliceRequests;
    /** The base slice of the last ask. */
    private int baseSlice = 1;
    private long lastFetchAt;
    private BudgetLease current;
    /** The lease asked for ahead, taken when {@code current} cannot hold a reservation. */
    private BudgetLease next;
    private final List<BudgetLease> draining = new ArrayList<>(2);
    private long deniedUntil;
    private long retryAfterMs;
    private final LeaseAsk ask = new LeaseAsk(this);

    BudgetAccount(String scope, long deniedCacheMs) {
        this.scope = scope;
        this.deniedCacheMs = deniedCacheMs;
    }

    synchronized Reserve reserve(long cost, long now, Reservation[] into) {
        if (current != null && !holds(current, cost, now)) {
            // This lease cannot take the request: it drains and is released once its requests settled.
            close(current);
            current = null;
        }
        if (current == null && next != null) {
            if (holds(next, cost, now)) {
                current = next;
            } else {
                close(next);
            }
            next = null;
        }
        if (current != null) {
            current.committed += cost;
            current.open++;
            current.lastUse = now;
            into[0] = new Reservation(this, current, cost);
            if (current.id != null && !current.askedAhead && next == null && ask.idle()
                    && current.committed >= current.amount / 2) {
                current.askedAhead = true;
                return Reserve.RESERVED_ASK_AHEAD;
            }
            return Reserve.RESERVED;
        }
        if (now < deniedUntil) {
            return Reserve.DENIED;
        }
        return Reserve.FETCH;
    }

    private static boolean holds(BudgetLease lease, long cost, long now) {
        return now < lease.deadline && lease.amount - lease.committed >= cost;
    }

    /**
     * Asks keys-service for a new lease (one ask at a time; concurrent callers share it), worth
     * {@link #nextSlice} worst-case requests.
     */
    synchronized CompletableFuture<Void> fetch(LeaseChannel channel, long need, int baseSlice, long expiryMarginMs) {
        return ask(channel, need, baseSlice, expiryMarginMs, false);
    }

    /**
     * The ask for the next lease while the current one still has half of it (after {@link Reserve#RESERVED_ASK_AHEAD}).
     * Its grant waits in {@code next}; a refusal is not cached, since the current lease still serves: the request
     * that finds it used up asks again and is refused then.
     */
    synchronized CompletableFuture<Void> askAhead(LeaseChannel channel, long need, int baseSlice, long expiryMarginMs) {
        return ask(channel, need, baseSlice, expiryMarginMs, true);
    }

    private CompletableFuture<Void> ask(LeaseChannel channel, long need, int baseSlice, long expiryMarginMs,
            boolean ahead) {
        if (!ask.idle()) {
            return ask.running();
        }
        int slice = nextSlice(System.currentTimeMillis(), baseSlice);
        long want = need > Long.MAX_VALUE / 4 / slice ? Long.MAX_VALUE / 4 : need * slice;
        long asked = Math.max(want, need);
        return ask.start(channel.ask(scope, LeaseKind.BUDGET, asked, need),
                grant -> granted(grant, asked, expiryMarginMs, ahead));
    }

    /**
     * Worst-case requests the next lease asks for, at an ask at {@code now}: {@code baseSlice} at first, doubled for
     * every ask within {@link #FAST_REFETCH_MS} of the previous one and kept while the asks come at most
     * {@link #QUIET_MS} apart, so a busy key's leases grow until each lasts a second or more whatever its rate (and
     * the next is asked for ahead with half of that to spare). After a quiet spell, halved for every {@link #QUIET_MS}
     * of it, so a key that pauses for a few seconds does not start over from {@code baseSlice} (while its leases grew
     * again, its requests would wait for them) and a key quiet for a minute does; back to {@code baseSlice} at once
     * after a partial grant (the budget is nearly used up: small slices keep what is left shareable among replicas).
     * Called under the account's lock.
     */
    int nextSlice(long now, int baseSlice) {
        int base = Math.max(1, baseSlice);
        this.baseSlice = base;
        long since = now - lastFetchAt;
        if (sliceRequests == 0) {
            sliceRequests = base;
        } else if (since > QUIET_MS) {
            sliceRequests = Math.max(base, decayed(now));
        } else if (since <= FAST_REFETCH_MS) {
            sliceRequests = Math.max(base, Math.min(MAX_SLICE_REQUESTS, sliceRequests * 2));
        } else {
            sliceRequests = Math.max(base, sliceRequests);
        }
        lastFetchAt = now;
        return sliceRequests;
    }

    private synchronized void granted(LeaseResponse.Grant grant, long asked, long expiryMarginMs, boolean ahead) {
        long now = System.currentTimeMillis();
        if (grant.limit() < 0 && grant.leaseId() == null) {
            // No budget applies any more: a lease-less "unlimited" account.
            close(current);
            close(next);
            next = null;
            current = new BudgetLease(null, Long.MAX_VALUE / 4, now + 5_000, now);
            return;
        }
        if (grant.leaseId() == null || grant.granted() == 0) {
            retryAfterMs = Math.max(1, grant.retryAfterMs());
            if (!ahead || current == null) {
                deniedUntil = now + Math.min(retryAfterMs, deniedCacheMs);
            }
            return;
        }
        if (grant.granted() < asked) {
            sliceRequests = 0;
        }
        long expires = grant.expiresAt() == null ? now + 60_000 : grant.expiresAt().toEpochMilli();
        BudgetLease granted = new BudgetLease(grant.leaseId(), grant.granted(), Math.max(now, expires - expiryMarginMs),
                now);
        close(next);
        if (ahead && current != null) {
            next = granted;
        } else {
            close(current);
            current = granted;
            next = null;
        }
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
        if (next != null && (current == null || now >= next.deadline)) {
            // Asked ahead for a key that went quiet (or held past its time): handed back unused.
            close(next);
            next = null;
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

    /** What the lease size has shrunk to by {@code now}: halved for every {@link #QUIET_MS} since the last ask. */
    private int decayed(long now) {
        return sliceRequests >> (int) Math.min(31, Math.max(0, now - lastFetchAt) / QUIET_MS);
    }

    /** Nothing held, and the lease size (if it grew) has shrunk back to the base slice: the account may be forgotten. */
    synchronized boolean idle(long now) {
        return current == null && next == null && draining.isEmpty() && ask.idle() && now >= deniedUntil
                && decayed(now) <= baseSlice;
    }

    synchronized long retryAfterMs() {
        return retryAfterMs;
    }
}
