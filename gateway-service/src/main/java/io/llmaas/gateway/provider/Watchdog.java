package io.llmaas.gateway.provider;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * The first-byte and between-chunk timeouts of one upstream call. One timer at a time: a chunk only records the time,
 * and the timer, when it fires early, re-arms itself for the rest of the period, so a fast stream costs no timer
 * churn.
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
            // The first-byte timer may be set far beyond the (usually shorter) between-chunk limit: re-arm it once.
            if (!stopped && timerId >= 0) {
                vertx.cancelTimer(timerId);
                schedule(idleNanos);
            }
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
        timerId = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), this);
    }
}
