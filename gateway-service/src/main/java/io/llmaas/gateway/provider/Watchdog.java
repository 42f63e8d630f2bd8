package io.llmaas.gateway.provider;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * The first-byte and between-chunk timeouts of one upstream call. One timer at a time, never set further ahead than
 * the between-chunk limit: a chunk then only records the time (the pending timer fires soon enough for the silence
 * that may follow), and the timer, when it fires early, re-arms itself for the rest of the period. An answer that
 * arrives in time costs one timer, set and cancelled, however many chunks it has.
 */
final class Watchdog implements Handler<Long> {

    private final Vertx vertx;
    private final long firstByteNanos;
    private final long idleNanos;
    private final Runnable onTimeout;
    private long limitNanos;
    private long lastActivity;
    private long timerId = -1;
    private boolean receiving;
    private boolean stopped;

    Watchdog(Vertx vertx, long firstByteMs, long idleMs, Runnable onTimeout) {
        this.vertx = vertx;
        this.firstByteNanos = TimeUnit.MILLISECONDS.toNanos(firstByteMs);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
        this.onTimeout = onTimeout;
    }

    void start() {
        lastActivity = System.nanoTime();
        limitNanos = firstByteNanos;
        schedule(firstByteNanos);
    }

    /** A chunk arrived: from now on the between-chunk timeout applies. */
    void touch() {
        lastActivity = System.nanoTime();
        if (!receiving) {
            receiving = true;
            limitNanos = idleNanos;
        }
    }

    /** Whether the answer had started when the watchdog fired. */
    boolean receiving() {
        return receiving;
    }

    void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    @Override
    public void handle(Long firedTimerId) {
        timerId = -1;
        if (stopped) {
            return;
        }
        long silent = System.nanoTime() - lastActivity;
        if (silent >= limitNanos) {
            stopped = true;
            onTimeout.run();
        } else {
            schedule(limitNanos - silent);
        }
    }

    private void schedule(long nanos) {
        long ahead = Math.min(nanos, idleNanos);
        timerId = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(ahead)), this);
    }
}
