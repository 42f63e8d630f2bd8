package io.llmaas.gateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.gateway.testing.FakeLeaseChannel;

/** A budget lease: reservations of the worst case, settlement of the actual cost, release with the consumption. */
class BudgetAccountTest {

    private final FakeLeaseChannel channel = new FakeLeaseChannel();
    private final BudgetAccount account = new BudgetAccount("key:k:model:m", 1000);

    @Test
    void reservesSettlesAndReleasesADrainedLeaseWithWhatItConsumed() {
        long now = System.currentTimeMillis();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.FETCH);
        channel.grant(250, 10_000, 60_000);
        account.fetch(channel, 100, 20, 1000).join();
        assertThat(channel.asks).singleElement().satisfies(ask -> {
            assertThat(ask.kind()).isEqualTo(LeaseKind.BUDGET);
            assertThat(ask.amount()).isEqualTo(2000);
            assertThat(ask.minAmount()).isEqualTo(100);
        });

        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        BudgetAccount.Reservation first = held[0];
        // Half of the lease committed: the caller is told to ask for the next one in the background (not here).
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED_ASK_AHEAD);
        BudgetAccount.Reservation second = held[0];
        // 50 left: the third request cannot be covered by this lease, which now drains.
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.FETCH);

        account.settle(first.lease(), first.reserved(), 60);
        account.maintain(now, 60_000, channel);
        assertThat(channel.reports).isEmpty();
        account.settle(second.lease(), second.reserved(), 70);
        account.maintain(now, 60_000, channel);
        assertThat(channel.reports).singleElement().satisfies(use -> {
            assertThat(use.leaseId()).isEqualTo(first.lease().id);
            assertThat(use.consumed()).isEqualTo(130);
            assertThat(use.release()).isTrue();
        });
    }

    @Test
    void nothingGrantedIsRefusedLocallyForAWhile() {
        long now = System.currentTimeMillis();
        channel.deny(10_000, 3_600_000);
        account.fetch(channel, 100, 20, 1000).join();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.DENIED);
        assertThat(account.retryAfterMs()).isEqualTo(3_600_000);
        assertThat(account.reserve(100, now + 2000, held)).isEqualTo(BudgetAccount.Reserve.FETCH);
    }

    @Test
    void anIdleLeaseIsReleasedSoOtherReplicasCanHaveTheRest() {
        long now = System.currentTimeMillis();
        channel.grant(1000, 10_000, 60_000);
        account.fetch(channel, 100, 10, 1000).join();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        account.reserve(100, now, held);
        account.settle(held[0].lease(), 100, 80);
        account.maintain(System.currentTimeMillis() + 10_000, 5_000, channel);
        assertThat(channel.reports).singleElement().satisfies(use -> {
            assertThat(use.consumed()).isEqualTo(80);
            assertThat(use.release()).isTrue();
        });
        assertThat(account.idle(System.currentTimeMillis() + 10_000)).isTrue();
    }

    @Test
    void aBusyKeyAsksForTwiceAsMuchEachTimeAndForTheBaseSliceAgainWhenTheBudgetRunsShort() {
        channel.grant(2000, 1_000_000, 60_000).grant(4000, 1_000_000, 60_000).grant(8000, 1_000_000, 60_000)
                .grant(100, 1_000_000, 60_000).grant(2000, 1_000_000, 60_000);
        for (int i = 0; i < 5; i++) {
            account.fetch(channel, 100, 20, 1000).join();
        }
        // Leases that ran out within a second of each other double; a partial grant (100 of 16,000) starts over.
        assertThat(channel.asks).extracting(io.llmaas.contracts.internal.LeaseRequest.Ask::amount).containsExactly(2000L, 4000L, 8000L, 16000L,
                2000L);
        assertThat(channel.asks).allSatisfy(ask -> assertThat(ask.minAmount()).isEqualTo(100));
    }

    @Test
    void aBusyKeysLeasesGrowUntilEachLastsASecondKeepThatSizeAndShrinkWithAQuietSpell() {
        assertThat(account.nextSlice(10_000, 20)).isEqualTo(20);
        // Each ran out within a second of the previous ask: twice as much.
        assertThat(account.nextSlice(10_100, 20)).isEqualTo(40);
        assertThat(account.nextSlice(10_300, 20)).isEqualTo(80);
        assertThat(account.nextSlice(11_200, 20)).isEqualTo(160);
        // Lasting one to five seconds: the size fits the key's rate and is kept.
        assertThat(account.nextSlice(12_700, 20)).isEqualTo(160);
        assertThat(account.nextSlice(17_600, 20)).isEqualTo(160);
        assertThat(account.nextSlice(18_000, 20)).isEqualTo(320);
        // A pause of 5-10 s: half as much; of a minute: the base slice again.
        assertThat(account.nextSlice(23_001, 20)).isEqualTo(160);
        // The account is kept (holding no lease) until its size has shrunk back, then forgotten.
        assertThat(account.idle(33_000)).isFalse();
        assertThat(account.idle(38_002)).isTrue();
        assertThat(account.nextSlice(83_001, 20)).isEqualTo(20);
    }

    @Test
    void theNextLeaseIsAskedForAtHalfTimeAndTakenOverWithoutAWait() {
        long now = System.currentTimeMillis();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        channel.grant(400, 1_000_000, 60_000).grant(400, 1_000_000, 60_000);
        account.fetch(channel, 100, 4, 1000).join();
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        BudgetAccount.Reservation first = held[0];
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED_ASK_AHEAD);
        account.askAhead(channel, 100, 4, 1000).join();
        assertThat(channel.asks).hasSize(2);
        // Once per lease: the rest of the first lease is reserved without another ask.
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        BudgetAccount.Reservation last = held[0];
        // The first lease is used up: the next request is reserved from the lease asked ahead, with no FETCH.
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        assertThat(held[0].lease()).isNotSameAs(first.lease());
        assertThat(channel.asks).hasSize(2);

        // The first lease drains: released with its consumption once its requests settled.
        account.settle(first.lease(), 100, 90);
        account.maintain(now, 60_000, channel);
        assertThat(channel.reports).isEmpty();
        account.settle(last.lease(), 100, 0);
        account.settle(first.lease(), 100, 90);
        account.settle(first.lease(), 100, 90);
        account.maintain(now, 60_000, channel);
        assertThat(channel.reports).singleElement().satisfies(use -> {
            assertThat(use.leaseId()).isEqualTo(first.lease().id);
            assertThat(use.consumed()).isEqualTo(270);
            assertThat(use.release()).isTrue();
        });
    }

    @Test
    void aRefusedAskAheadRefusesNothingWhileTheCurrentLeaseHolds() {
        long now = System.currentTimeMillis();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        channel.grant(200, 1_000_000, 60_000).deny(1_000_000, 3_600_000);
        account.fetch(channel, 100, 2, 1000).join();
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED_ASK_AHEAD);
        account.askAhead(channel, 100, 2, 1000).join();
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
        // Used up: this request asks itself (and would be refused then), rather than being refused from the cache.
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.FETCH);
    }

    @Test
    void aLeaseAskedAheadForAKeyThatWentQuietIsHandedBackUnused() {
        long now = System.currentTimeMillis();
        BudgetAccount.Reservation[] held = new BudgetAccount.Reservation[1];
        channel.grant(200, 1_000_000, 60_000).grant(200, 1_000_000, 60_000);
        account.fetch(channel, 100, 2, 1000).join();
        account.reserve(100, now, held);
        account.askAhead(channel, 100, 2, 1000).join();
        account.settle(held[0].lease(), 100, 100);
        account.maintain(now + 10_000, 5_000, channel);
        assertThat(channel.reports).extracting(use -> use.leaseId() + " " + use.consumed() + " " + use.release())
                .containsExactlyInAnyOrder(held[0].lease().id + " 100 true", "lease-2 0 true");
        assertThat(account.idle(now + 10_000)).isTrue();
    }
}
