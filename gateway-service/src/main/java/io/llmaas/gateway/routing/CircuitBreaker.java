package io.llmaas.gateway.routing;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.llmaas.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * One deployment's circuit breaker, with MicroProfile Fault Tolerance's rules: closed while fewer than
 * {@code failure-ratio} of the last {@code request-volume-threshold} calls failed; then open, refusing calls, for
 * {@code delay}; then half-open, letting {@code success-threshold} trial calls through: all succeed and it closes with
 * an empty window, one fails and it opens again.
 * <p>
 * It is consulted on every request, on the event loops, so it is a few fields behind a lock nobody else holds rather
 * than a SmallRye {@code Guard}: the guard hands each asynchronous call, and then its outcome, to the event loop as a
 * new task with the thread contexts captured and restored, and records Micrometer metrics, which together took about
 * 8 % of the gateway's CPU and 2 KB of garbage per request (bench/ANALYSIS.md). The open state ends lazily: the first
 * call after the cooldown makes it half-open.
 */
final class CircuitBreaker {

    private final boolean[] window;
    private final int failuresToOpen;
    private final long delayNanos;
    private final int successThreshold;
    private final LongSupplier nanoTime;
    private final Consumer<CircuitBreakerState> onChange;

    /** Changed under the lock; read without it on every request's routing decision. */
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private int next;
    private int recorded;
    private int failures;
    private long openedAt;
    private int trials;
    private int successes;

    CircuitBreaker(GatewayConfig.CircuitBreaker config, Consumer<CircuitBreakerState> onChange) {
        this(config.requestVolumeThreshold(), config.failureRatio(), config.delay().toNanos(),
                config.successThreshold(), System::nanoTime, onChange);
    }

    CircuitBreaker(int requestVolumeThreshold, double failureRatio, long delayNanos, int successThreshold,
            LongSupplier nanoTime, Consumer<CircuitBreakerState> onChange) {
        this.window = new boolean[Math.max(1, requestVolumeThreshold)];
        this.failuresToOpen = Math.max(1, (int) Math.ceil(failureRatio * window.length));
        this.delayNanos = delayNanos;
        this.successThreshold = Math.max(1, successThreshold);
        this.nanoTime = nanoTime;
        this.onChange = onChange;
    }

    /** The state as last changed (an open circuit whose cooldown has passed stays open until the next call). */
    CircuitBreakerState state() {
        return state;
    }

    /** Whether calls are refused now: open, and the cooldown not over. Takes no lock while the circuit is closed. */
    boolean refusing() {
        return state == CircuitBreakerState.OPEN && !cooledDown();
    }

    /** Whether the circuit is open but its cooldown has passed: the next call is a trial. */
    synchronized boolean cooledDown() {
        return state == CircuitBreakerState.OPEN && nanoTime.getAsLong() - openedAt >= delayNanos;
    }

    /** Whether a call may go out now; a true answer must be followed by exactly one {@link #record}. */
    boolean tryAcquire() {
        CircuitBreakerState changed = null;
        boolean permitted;
        synchronized (this) {
            if (state == CircuitBreakerState.OPEN && nanoTime.getAsLong() - openedAt >= delayNanos) {
                state = changed = CircuitBreakerState.HALF_OPEN;
                trials = 0;
                successes = 0;
            }
            if (state == CircuitBreakerState.HALF_OPEN) {
                permitted = trials < successThreshold;
                if (permitted) {
                    trials++;
                }
            } else {
                permitted = state == CircuitBreakerState.CLOSED;
            }
        }
        notify(changed);
        return permitted;
    }

    /** The outcome of a call {@link #tryAcquire} let through: whether it failed in a way that counts. */
    void record(boolean failed) {
        CircuitBreakerState changed = null;
        synchronized (this) {
            switch (state) {
                case CLOSED -> {
                    if (recorded == window.length && window[next]) {
                        failures--;
                    }
                    window[next] = failed;
                    next = (next + 1) % window.length;
                    recorded = Math.min(window.length, recorded + 1);
                    if (failed) {
                        failures++;
                    }
                    if (recorded == window.length && failures >= failuresToOpen) {
                        changed = open();
                    }
                }
                case HALF_OPEN -> {
                    if (failed) {
                        changed = open();
                    } else if (++successes >= successThreshold) {
                        state = changed = CircuitBreakerState.CLOSED;
                        next = 0;
                        recorded = 0;
                        failures = 0;
                    }
                }
                case OPEN -> {
                    // A call let through before the circuit opened: the cooldown is not restarted by it.
                }
            }
        }
        notify(changed);
    }

    private CircuitBreakerState open() {
        state = CircuitBreakerState.OPEN;
        openedAt = nanoTime.getAsLong();
        return state;
    }

    private void notify(CircuitBreakerState changed) {
        if (changed != null) {
            onChange.accept(changed);
        }
    }
}
