package io.llmaas.gateway.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseResponse;

/**
 * The local slice of one scope's RPM or TPM limit (architecture.md, "Leases"): requests take from the current lease
 * without any call. Once half of it is taken, or a quarter of its time is left with more than one request served, the
 * next lease is asked for ahead, in the background (keys-service keeps the current one open for such an ask), and it
 * is taken over when the current one is used up or its time is over, so a busy scope's requests do not wait for
 * keys-service. Without a lease, one ask fetches it for every request that waits, and closes whatever slice of the
 * scope the gateway held. What each lease consumed is reported in the background, finally with its release when it is
 * closed.
 */
final class RateSlice {

    /** The outcome of {@link #take}. */
    enum Take {
        /** Taken; {@link #TAKEN_ASK_AHEAD}: taken, and the caller should ask for the next lease now ({@link #askAhead}). */
        TAKEN, TAKEN_ASK_AHEAD, DENIED, FETCH
    }

    final String scope;
    final LeaseKind kind;
    private Lease current;
    /** The lease asked for ahead, taken over when {@code current} cannot serve a request. */
    private Lease next;
    private final List<Lease> closed = new ArrayList<>(2);
    private long unlimitedUntil;
    private long deniedUntil;
    private long retryAfterMs;
    private long limit = -1;
    private long remainingAtGrant;
    private long resetAt;
    private final LeaseAsk ask = new LeaseAsk(this);

    private final long deniedCacheMs;

    /** @param deniedCacheMs how long a refusal is answered locally at most (gateway.limits.denial-cache) */
    RateSlice(String scope, LeaseKind kind, long deniedCacheMs) {
        this.scope = scope;
        this.kind = kind;
        this.deniedCacheMs = deniedCacheMs;
    }

    /**
     * Takes {@code amount} (1 request, or the estimated tokens) from the current lease. {@link Take#FETCH}: a lease
     * must be fetched first ({@link #fetch}); {@link Take#DENIED}: keys-service refused recently.
     */
    synchronized Take take(long amount, long now, Claims claims) {
        if (now < unlimitedUntil) {
            return Take.TAKEN;
        }
        Lease lease = usable(now);
        if (lease != null && lease.left() < amount && next != null) {
            // Used up: the lease asked ahead takes over.
            close(lease);
            current = next;
            next = null;
            lease = usable(now);
        }
        if (lease != null && lease.left() >= amount) {
            lease.consumed += amount;
            lease.open++;
            lease.takes++;
            lease.dirty = true;
            claims.add(new RateClaim(this, lease, amount));
            if (next == null && !lease.askedAhead && ask.idle() && (lease.consumed >= (lease.amount + 1) / 2
                    || lease.takes > 1 && now >= lease.deadline - (lease.deadline - lease.grantedAt) / 4)) {
                lease.askedAhead = true;
                return Take.TAKEN_ASK_AHEAD;
            }
            return Take.TAKEN;
        }
        if (now < deniedUntil) {
            return Take.DENIED;
        }
        return Take.FETCH;
    }

    /**
     * The fetch of the next lease, started if none is running: concurrent requests share it. The current lease, if
     * any, is closed by keys-service when it grants the next one (counted in full), so it is closed here too.
     *
     * @param want as much as keys-service will give (it caps a slice at a share of the limit)
     * @param need what the waiting request needs: less is no use
     */
    synchronized CompletableFuture<Void> fetch(LeaseChannel channel, long want, long need, long expiryMarginMs) {
        if (!ask.idle()) {
            return ask.running();
        }
        return ask.start(channel.ask(scope, kind, Math.max(want, need), need, null),
                grant -> granted(grant, expiryMarginMs, false));
    }

    /**
     * The ask for the next lease while the current one still serves (after {@link Take#TAKEN_ASK_AHEAD}): keys-service
     * keeps the current one open, and the grant waits in {@code next}. A refusal is not cached, since the current lease
     * still serves: the request that finds it used up asks again and is refused then. A failed ask costs nothing.
     */
    synchronized void askAhead(LeaseChannel channel, long want, long need, long expiryMarginMs) {
        if (!ask.idle() || current == null) {
            return;
        }
        ask.start(channel.ask(scope, kind, Math.max(want, need), need, current.id),
                grant -> granted(grant, expiryMarginMs, true));
    }

    private synchronized void granted(LeaseResponse.Grant grant, long expiryMarginMs, boolean ahead) {
        long now = System.currentTimeMillis();
        limit = grant.limit();
        remainingAtGrant = grant.remaining();
        resetAt = grant.resetAt() == null ? now : grant.resetAt().toEpochMilli();
        if (grant.limit() < 0) {
            // The scope has no limit any more (it was removed since the key was cached): no slice needed for a while.
            unlimitedUntil = now + 5_000;
            return;
        }
        if (grant.leaseId() == null || grant.granted() == 0) {
            retryAfterMs = Math.max(1, grant.retryAfterMs());
            if (!ahead || usable(now) == null) {
                deniedUntil = now + Math.min(grant.retryAfterMs(), deniedCacheMs);
            }
            return;
        }
        long expires = grant.expiresAt() == null ? now + 5_000 : grant.expiresAt().toEpochMilli();
        Lease granted = new Lease(grant.leaseId(), grant.granted(), Math.max(now, expires - expiryMarginMs), now);
        // keys-service closed every other slice of the scope this gateway held, except the one an ask ahead kept.
        close(next);
        next = null;
        if (ahead && usable(now) != null) {
            next = granted;
        } else {
            close(current);
            current = granted;
        }
        deniedUntil = 0;
    }

    /** The current lease, the one asked ahead taking over once the current one's time is over; null: none. */
    private Lease usable(long now) {
        if (current != null && now >= current.deadline) {
            close(current);
            current = next;
            next = null;
        }
        if (current != null && now >= current.deadline) {
            close(current);
            current = null;
        }
        return current;
    }

    private void close(Lease lease) {
        if (lease != null && !lease.closed) {
            lease.closed = true;
            lease.dirty = true;
            closed.add(lease);
        }
    }

    synchronized void giveBack(Lease lease, long amount) {
        lease.consumed = Math.max(0, lease.consumed - amount);
        lease.open--;
        lease.dirty = true;
    }

    synchronized void settle(Lease lease, long taken, long actual) {
        if (actual >= 0 && actual != taken) {
            lease.consumed = Math.max(0, lease.consumed + actual - taken);
            lease.dirty = true;
        }
        lease.open--;
    }

    /**
     * Background upkeep: closes a lease whose time is over, and queues reports of what changed (a closed lease's
     * last report releases it). Closed leases are forgotten once no request holds a claim on them.
     */
    synchronized void maintain(long now, LeaseChannel channel) {
        usable(now);
        if (current != null && current.dirty) {
            current.dirty = false;
            channel.report(current.id, kind, current.consumed, false);
        }
        for (int i = closed.size() - 1; i >= 0; i--) {
            Lease lease = closed.get(i);
            if (lease.dirty) {
                lease.dirty = false;
                channel.report(lease.id, kind, lease.consumed, true);
            }
            if (lease.open == 0 && !lease.dirty) {
                closed.remove(i);
            }
        }
    }

    /** Whether the slice holds nothing and may be forgotten. */
    synchronized boolean idle(long now) {
        return current == null && next == null && closed.isEmpty() && ask.idle() && now >= deniedUntil
                && now >= unlimitedUntil;
    }

    // ---- for the x-ratelimit-* headers

    synchronized long limit() {
        return limit;
    }

    /** What the scope has left: keys-service's remaining at the last grant plus what is left of the local slices. */
    synchronized long remaining(long now) {
        return Math.max(0, remainingAtGrant + left(current, now) + left(next, now));
    }

    private static long left(Lease lease, long now) {
        return lease != null && now < lease.deadline ? lease.left() : 0;
    }

    synchronized long resetAt() {
        return resetAt;
    }

    synchronized long retryAfterMs() {
        return retryAfterMs;
    }

    /** A request's share of one lease. */
    private record RateClaim(RateSlice slice, Lease lease, long taken) implements Claim {

        @Override
        public void giveBack() {
            slice.giveBack(lease, taken);
        }

        @Override
        public void settle(long actualTokens) {
            slice.settle(lease, taken, slice.kind == LeaseKind.TPM ? actualTokens : -1);
        }
    }
}
