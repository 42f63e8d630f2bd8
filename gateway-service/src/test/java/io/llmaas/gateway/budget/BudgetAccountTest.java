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
        assertThat(account.reserve(100, now, held)).isEqualTo(BudgetAccount.Reserve.RESERVED);
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
}
