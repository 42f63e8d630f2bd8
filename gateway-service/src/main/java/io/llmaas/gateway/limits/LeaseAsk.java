package io.llmaas.gateway.limits;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.llmaas.contracts.internal.LeaseResponse;

/**
 * The lease ask a holder (a rate slice, max-parallel slots, a budget account) has running: one at a time, shared by
 * every request that waits meanwhile. Guarded by the holder's lock: callers hold it, and the finished ask is cleared
 * under it.
 */
public final class LeaseAsk {

    private final Object holder;
    private CompletableFuture<Void> running;

    public LeaseAsk(Object holder) {
        this.holder = holder;
    }

    /** The ask in flight, or {@code null}. */
    public CompletableFuture<Void> running() {
        return running;
    }

    public boolean idle() {
        return running == null;
    }

    /** Tracks {@code ask}: {@code apply} takes its grant; until then it is the running ask others wait for. */
    public CompletableFuture<Void> start(CompletableFuture<LeaseResponse.Grant> ask,
            Consumer<LeaseResponse.Grant> apply) {
        CompletableFuture<Void> tracked = ask.thenAccept(apply).whenComplete((ignored, failure) -> {
            synchronized (holder) {
                running = null;
            }
        });
        // An answer that came at once has run the callback already: nothing is running then.
        running = tracked.isDone() ? null : tracked;
        return tracked;
    }
}
