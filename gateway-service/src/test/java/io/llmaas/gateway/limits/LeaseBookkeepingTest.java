package io.llmaas.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.gateway.testing.FakeLeaseChannel;

/** The local side of leases: slices taken without calls, shared fetches, all or nothing, reports, renewals, releases. */
class LeaseBookkeepingTest {

    private final FakeLeaseChannel channel = new FakeLeaseChannel();

    /** A slice holding a first lease of {@code granted} (for 5 s) of a scope with {@code limit}, for {@code need}. */
    private RateSlice leased(String scope, LeaseKind kind, long granted, long limit, long need) {
        RateSlice slice = new RateSlice(scope, kind, 1000);
        channel.grant(granted, limit, 5000);
        slice.fetch(channel, limit, need, 1000).join();
        return slice;
    }

    @Test
    void requestsTakeFromTheSliceWithoutCallsUntilItIsUsedUp() {
        RateSlice slice = new RateSlice("key:k", LeaseKind.RPM, 1000);
        Claims claims = new Claims();
        long now = System.currentTimeMillis();
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.FETCH);
        channel.grant(3, 60, 5000);
        slice.fetch(channel, 60, 1, 1000).join();
        assertThat(channel.asks).singleElement().satisfies(ask -> {
            assertThat(ask.amount()).isEqualTo(60);
            assertThat(ask.minAmount()).isEqualTo(1);
        });
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        // Half of it taken: the caller is told to ask for the next lease ahead (once); it does not here.
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.FETCH);
        assertThat(channel.asks).hasSize(1);
        assertThat(slice.remaining(now)).isEqualTo(57);
    }

    @Test
    void concurrentRequestsShareOneFetch() {
        RateSlice slice = new RateSlice("key:k", LeaseKind.RPM, 1000);
        CompletableFuture<LeaseResponse.Grant> answer = channel.pending();
        CompletableFuture<Void> first = slice.fetch(channel, 60, 1, 1000);
        CompletableFuture<Void> second = slice.fetch(channel, 60, 1, 1000);
        assertThat(second).isSameAs(first);
        assertThat(channel.asks).hasSize(1);
        answer.complete(new LeaseResponse.Grant("key:k", LeaseKind.RPM, "l1", 2, 60, 58,
                java.time.Instant.now().plusSeconds(5), java.time.Instant.now().plusSeconds(60), 0));
        assertThat(first).isCompleted();
    }

    @Test
    void aRefusalIsAnsweredLocallyForAShortWhile() {
        RateSlice slice = new RateSlice("key:k", LeaseKind.RPM, 1000);
        channel.deny(60, 30_000);
        slice.fetch(channel, 60, 1, 1000).join();
        long now = System.currentTimeMillis();
        assertThat(slice.take(1, now, new Claims())).isEqualTo(RateSlice.Take.DENIED);
        assertThat(slice.retryAfterMs()).isEqualTo(30_000);
        // The local refusal lasts the denial cache (1 s here), not the whole Retry-After.
        assertThat(slice.take(1, now + 1500, new Claims())).isEqualTo(RateSlice.Take.FETCH);
    }

    @Test
    void allOrNothingGivesBackWhatEarlierScopesGave() {
        RateSlice key = new RateSlice("key:k", LeaseKind.RPM, 1000);
        RateSlice team = new RateSlice("team:t", LeaseKind.RPM, 1000);
        channel.grant(5, 100, 5000).deny(10, 20_000);
        key.fetch(channel, 100, 1, 1000).join();
        team.fetch(channel, 10, 1, 1000).join();
        long now = System.currentTimeMillis();
        Claims claims = new Claims();
        assertThat(key.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(team.take(1, now, claims)).isEqualTo(RateSlice.Take.DENIED);
        claims.giveBackAll();
        assertThat(key.remaining(now)).isEqualTo(100);
        key.maintain(now, channel);
        assertThat(channel.reports).singleElement().extracting(LeaseReport.Use::consumed).isEqualTo(0L);
    }

    @Test
    void tpmSettlesTheActualCountAndClosedLeasesAreReportedWithTheirRelease() {
        RateSlice slice = leased("key:k", LeaseKind.TPM, 100, 1000, 60);
        long now = System.currentTimeMillis();
        Claims claims = new Claims();
        assertThat(slice.take(60, now, claims)).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        claims.settleAll(18);
        slice.maintain(now, channel);
        assertThat(channel.reports).last().satisfies(use -> {
            assertThat(use.consumed()).isEqualTo(18);
            assertThat(use.release()).isFalse();
        });
        // Past its deadline (expiry minus the margin) the lease is closed and released with what it consumed.
        slice.maintain(now + 10_000, channel);
        assertThat(channel.reports).last().satisfies(use -> {
            assertThat(use.consumed()).isEqualTo(18);
            assertThat(use.release()).isTrue();
        });
        assertThat(slice.idle(now + 10_000)).isTrue();
    }

    @Test
    void theNextSliceIsAskedForAheadOnceHalfIsTakenAndTakesOverWithoutACall() {
        RateSlice slice = leased("key:k", LeaseKind.RPM, 4, 100, 1);
        long now = System.currentTimeMillis();
        Claims claims = new Claims();
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        channel.grant(4, 100, 5000);
        slice.askAhead(channel, 100, 1, 1000);
        // The ask ahead names the slice in use, so keys-service does not close it counted in full.
        assertThat(channel.asks).last().satisfies(ask -> {
            assertThat(ask.keepLeaseId()).isEqualTo("lease-1");
            assertThat(ask.minAmount()).isEqualTo(1);
        });
        assertThat(slice.remaining(now)).isEqualTo(96 + 2 + 4);
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        // The first slice is used up: the one asked ahead serves, with no call, and is not asked ahead of again yet.
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(channel.asks).hasSize(2);
        slice.maintain(now, channel);
        assertThat(channel.reports).anySatisfy(use -> {
            assertThat(use.leaseId()).isEqualTo("lease-1");
            assertThat(use.consumed()).isEqualTo(4);
            assertThat(use.release()).isTrue();
        }).anySatisfy(use -> {
            assertThat(use.leaseId()).isEqualTo("lease-2");
            assertThat(use.consumed()).isEqualTo(1);
            assertThat(use.release()).isFalse();
        });
    }

    @Test
    void aSliceNearItsEndIsFollowedByOneAskedAheadAndAQuietKeyHandsItBackUnused() {
        RateSlice slice = leased("key:k", LeaseKind.RPM, 1000, 100_000, 1);
        long now = System.currentTimeMillis();
        Claims claims = new Claims();
        // Used until 1 s before its expiry (the margin); the last quarter of that time asks ahead, once busy.
        assertThat(slice.take(1, now, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(slice.take(1, now + 2_000, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(slice.take(1, now + 3_100, claims)).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        // (granted as if at now + 3.1 s: its expiry 5 s after that)
        channel.grant(1000, 100_000, 8_100);
        slice.askAhead(channel, 100_000, 1, 1000);
        assertThat(slice.take(1, now + 3_200, claims)).isEqualTo(RateSlice.Take.TAKEN);
        // Past the first slice's deadline the second one serves, without a call.
        assertThat(slice.take(1, now + 4_100, claims)).isEqualTo(RateSlice.Take.TAKEN);
        assertThat(channel.asks).hasSize(2);
        slice.maintain(now + 4_100, channel);
        assertThat(channel.reports).anySatisfy(use -> {
            assertThat(use.leaseId()).isEqualTo("lease-1");
            assertThat(use.consumed()).isEqualTo(4);
            assertThat(use.release()).isTrue();
        });

        // A key that went quiet after an ask ahead: the next slice is handed back unused when its time is over.
        RateSlice quiet = leased("key:q", LeaseKind.RPM, 2, 100, 1);
        Claims only = new Claims();
        assertThat(quiet.take(1, now, only)).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        channel.grant(2, 100, 5000);
        quiet.askAhead(channel, 100, 1, 1000);
        only.settleAll(-1);
        channel.reports.clear();
        quiet.maintain(now + 10_000, channel);
        assertThat(channel.reports).extracting(LeaseReport.Use::leaseId, LeaseReport.Use::consumed,
                LeaseReport.Use::release).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("lease-3", 1L, true),
                        org.assertj.core.groups.Tuple.tuple("lease-4", 0L, true));
        assertThat(quiet.idle(now + 10_000)).isTrue();
    }

    @Test
    void aRefusedAskAheadIsNotCachedWhileTheSliceStillServes() {
        RateSlice slice = leased("key:k", LeaseKind.RPM, 2, 100, 1);
        long now = System.currentTimeMillis();
        assertThat(slice.take(1, now, new Claims())).isEqualTo(RateSlice.Take.TAKEN_ASK_AHEAD);
        channel.deny(100, 30_000);
        slice.askAhead(channel, 100, 1, 1000);
        assertThat(slice.take(1, now, new Claims())).isEqualTo(RateSlice.Take.TAKEN);
        // Used up: a real fetch, whose refusal is then answered locally.
        assertThat(slice.take(1, now, new Claims())).isEqualTo(RateSlice.Take.FETCH);
        channel.deny(100, 30_000);
        slice.fetch(channel, 100, 1, 1000).join();
        assertThat(channel.asks).last().satisfies(ask -> assertThat(ask.keepLeaseId()).isNull());
        assertThat(slice.take(1, System.currentTimeMillis(), new Claims())).isEqualTo(RateSlice.Take.DENIED);
    }

    @Test
    void parallelSlotsAreResizedRenewedAndReleasedWhenIdle() {
        ParallelSlots slots = new ParallelSlots("key:k");
        Claims first = new Claims();
        long now = System.currentTimeMillis();
        assertThat(slots.take(now, first, false)).isEqualTo(ParallelSlots.Take.FETCH);
        channel.grant(1, 2, 3000);
        slots.fetch(channel, 0).join();
        assertThat(channel.asks).last().satisfies(ask -> {
            assertThat(ask.amount()).isEqualTo(1);
            assertThat(ask.minAmount()).isEqualTo(1);
        });
        assertThat(slots.take(now, first, false)).isEqualTo(ParallelSlots.Take.TAKEN);

        Claims second = new Claims();
        assertThat(slots.take(now, second, false)).isEqualTo(ParallelSlots.Take.FETCH);
        channel.grant(2, 2, 3000);
        slots.fetch(channel, 0).join();
        assertThat(channel.asks).last().satisfies(ask -> assertThat(ask.amount()).isEqualTo(2));
        assertThat(slots.take(now, second, false)).isEqualTo(ParallelSlots.Take.TAKEN);
        assertThat(slots.take(now, new Claims(), true)).isEqualTo(ParallelSlots.Take.DENIED);

        // Held while in use: renewed when a third of its time is left.
        channel.grant(2, 2, 3000);
        slots.maintain(now + 2500, 60_000, 0, channel);
        assertThat(channel.asks).last().satisfies(ask -> {
            assertThat(ask.amount()).isEqualTo(2);
            assertThat(ask.minAmount()).isZero();
        });

        // Idle: handed back, the lease closed.
        first.settleAll(-1);
        second.settleAll(-1);
        slots.maintain(System.currentTimeMillis() + 5_000, 1_000, 0, channel);
        assertThat(channel.reports).last().satisfies(use -> {
            assertThat(use.kind()).isEqualTo(LeaseKind.PARALLEL);
            assertThat(use.release()).isTrue();
        });
        assertThat(slots.idle()).isTrue();
    }

    @Test
    void resetHeadersReadLikeOpenAis() {
        assertThat(RateLimiter.duration(20)).isEqualTo("20ms");
        assertThat(RateLimiter.duration(1500)).isEqualTo("1.5s");
        assertThat(RateLimiter.duration(360_000)).isEqualTo("6m0s");
    }
}
