package io.llmaas.gateway.limits;

import java.util.concurrent.CompletableFuture;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseResponse;

/**
 * The max-parallel slots of one scope this gateway holds (architecture.md, "Leases"): keys-service keeps the sum of
 * every gateway's slots at or below the limit. A request takes a free slot without a call; when none is free, one ask
 * resizes the lease to what is in use plus the waiting requests. Slots are renewed while held and handed back after
 * they have been idle for a short while, so a steady level of concurrency costs no calls and other replicas get the
 * slots this one no longer needs.
 */
final class ParallelSlots {

    enum Take {
        TAKEN, DENIED, FETCH
    }

    final String scope;
    private String leaseId;
    private long held;
    private long inUse;
    private int waiting;
    private long deadline;
    private long expiresAt;
    private long ttlMs;
    private long lastBusy;
    private long limit = -1;
    private long unlimitedUntil;
    private long retryAfterMs;
    private final LeaseAsk ask = new LeaseAsk(this);

    ParallelSlots(String scope) {
        this.scope = scope;
    }

    /** @param lastTry true when the request already waited for fetches: no free slot then means a refusal */
    synchronized Take take(long now, Claims claims, boolean lastTry) {
        if (now < unlimitedUntil) {
            return Take.TAKEN;
        }
        if (leaseId != null && now < deadline && inUse < held) {
            inUse++;
            lastBusy = now;
            claims.add(new SlotClaim(this));
            return Take.TAKEN;
        }
        if (lastTry) {
            return Take.DENIED;
        }
        waiting++;
        return Take.FETCH;
    }

    /** Asks to hold the slots in use plus one per waiting request; shared by every request waiting meanwhile. */
    synchronized CompletableFuture<Void> fetch(LeaseChannel channel, long expiryMarginMs) {
        if (!ask.idle()) {
            return ask.running();
        }
        long want = inUse + Math.max(1, waiting);
        waiting = 0;
        return track(channel.ask(scope, LeaseKind.PARALLEL, want, inUse + 1), expiryMarginMs);
    }

    /** Applies the answer when it comes; meanwhile it is the running ask others wait for. */
    private CompletableFuture<Void> track(CompletableFuture<LeaseResponse.Grant> answer, long expiryMarginMs) {
        return ask.start(answer, grant -> granted(grant, expiryMarginMs));
    }

    private synchronized void granted(LeaseResponse.Grant grant, long expiryMarginMs) {
        long now = System.currentTimeMillis();
        limit = grant.limit();
        if (grant.limit() < 0) {
            unlimitedUntil = now + 5_000;
            return;
        }
        if (grant.leaseId() == null || grant.granted() == 0) {
            retryAfterMs = Math.max(1, grant.retryAfterMs());
            return;
        }
        leaseId = grant.leaseId();
        held = grant.granted();
        expiresAt = grant.expiresAt() == null ? now + 30_000 : grant.expiresAt().toEpochMilli();
        ttlMs = Math.max(1_000, expiresAt - now);
        deadline = Math.max(now, expiresAt - expiryMarginMs);
    }

    synchronized void release() {
        inUse = Math.max(0, inUse - 1);
        lastBusy = System.currentTimeMillis();
    }

    /**
     * Background upkeep: hands back slots idle for {@code idleReleaseMs} (all of them, closing the lease, when none is
     * in use), and renews the lease when a third of its time is left.
     */
    synchronized void maintain(long now, long idleReleaseMs, long expiryMarginMs, LeaseChannel channel) {
        if (leaseId == null || !ask.idle()) {
            return;
        }
        boolean idle = now - lastBusy >= idleReleaseMs;
        if (idle && inUse == 0) {
            channel.report(leaseId, LeaseKind.PARALLEL, 0, true);
            leaseId = null;
            held = 0;
            return;
        }
        long want = idle ? inUse : held;
        if (want < held || expiresAt - now < ttlMs / 3) {
            track(channel.ask(scope, LeaseKind.PARALLEL, want, 0), expiryMarginMs);
        }
    }

    synchronized boolean idle() {
        return leaseId == null && inUse == 0 && ask.idle() && waiting == 0;
    }

    synchronized long limit() {
        return limit;
    }

    synchronized long retryAfterMs() {
        return retryAfterMs;
    }

    private record SlotClaim(ParallelSlots slots) implements Claim {

        @Override
        public void giveBack() {
            slots.release();
        }

        @Override
        public void settle(long actualTokens) {
            slots.release();
        }
    }
}
