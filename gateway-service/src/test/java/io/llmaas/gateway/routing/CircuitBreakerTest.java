package io.llmaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The deployment circuit breaker's rules, with a hand-moved clock: a window of 4 calls, opening at half of them
 * failed, a 30 s cooldown and 2 trial calls.
 */
class CircuitBreakerTest {

    private static final long COOLDOWN = TimeUnit.SECONDS.toNanos(30);

    private long now = 1_000_000_000L;
    private final List<CircuitBreakerState> changes = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(4, 0.5, COOLDOWN, 2, () -> now, changes::add);

    @Test
    void staysClosedUntilTheWindowIsFull() {
        call(true);
        call(true);
        call(false);

        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void opensWhenTheFullWindowHasEnoughFailuresEvenIfTheLastCallSucceeded() {
        call(true);
        call(true);
        call(false);
        call(false);

        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(changes).containsExactly(CircuitBreakerState.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void theWindowRollsOldFailuresOut() {
        call(true);
        call(false);
        call(false);
        call(false);
        // Window: failure, ok, ok, ok -> the failure rolls out, a new one comes in: still one of four.
        call(true);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);

        call(true);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void afterTheCooldownTrialCallsCloseIt() {
        open();
        now += COOLDOWN - 1;
        assertThat(breaker.cooledDown()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();

        now += 1;
        assertThat(breaker.cooledDown()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        // Only as many trials as successes are needed.
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.record(false);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
        breaker.record(false);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(changes).containsExactly(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN,
                CircuitBreakerState.CLOSED);

        // Closed again with an empty window: one failure does not reopen it.
        call(true);
        call(false);
        call(false);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void aFailedTrialOpensItForAnotherCooldown() {
        open();
        now += COOLDOWN;
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.record(true);

        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
        now += COOLDOWN - 1;
        assertThat(breaker.tryAcquire()).isFalse();
        now += 1;
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anOutcomeArrivingWhileOpenDoesNotRestartTheCooldown() {
        assertThat(breaker.tryAcquire()).isTrue(); // a slow call, let through while closed
        open();
        now += COOLDOWN;

        breaker.record(true); // ... ends after the circuit opened

        assertThat(breaker.tryAcquire()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            call(true);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    }

    private void call(boolean failed) {
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.record(failed);
    }
}
