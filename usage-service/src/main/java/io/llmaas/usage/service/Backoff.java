package io.llmaas.usage.service;

import java.time.Duration;

/** Exponential backoff: {@code initial × 2^(attempt − 1)}, capped at {@code max}. */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempt, Duration initial, Duration max) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
