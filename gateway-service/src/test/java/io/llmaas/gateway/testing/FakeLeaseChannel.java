package io.llmaas.gateway.testing;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.gateway.limits.LeaseChannel;

/**
 * keys-service's lease API as the lease bookkeeping sees it, scripted: each ask is answered by the next queued grant
 * (or left pending until the test completes it), and reports are recorded.
 */
public final class FakeLeaseChannel extends LeaseChannel {

    public final List<LeaseRequest.Ask> asks = new ArrayList<>();
    public final List<LeaseReport.Use> reports = new ArrayList<>();
    private final Deque<CompletableFuture<LeaseResponse.Grant>> answers = new ArrayDeque<>();
    private int leases;

    public FakeLeaseChannel() {
        super("gw-test");
    }

    /** The next ask is granted {@code granted} of a scope with {@code limit}, valid for {@code ttlMs}. */
    public FakeLeaseChannel grant(long granted, long limit, long ttlMs) {
        Instant now = Instant.now();
        answers.add(CompletableFuture.completedFuture(new LeaseResponse.Grant("scope", LeaseKind.RPM,
                "lease-" + ++leases, granted, limit, limit - granted, now.plusMillis(ttlMs), now.plusSeconds(60),
                0)));
        return this;
    }

    /** The next ask is refused, to be asked again after {@code retryAfterMs}. */
    public FakeLeaseChannel deny(long limit, long retryAfterMs) {
        answers.add(CompletableFuture.completedFuture(new LeaseResponse.Grant("scope", LeaseKind.RPM, null, 0, limit,
                0, null, Instant.now().plusMillis(retryAfterMs), retryAfterMs)));
        return this;
    }

    /** The next ask stays pending until the returned future is completed. */
    public CompletableFuture<LeaseResponse.Grant> pending() {
        CompletableFuture<LeaseResponse.Grant> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    @Override
    public CompletableFuture<LeaseResponse.Grant> ask(String scope, LeaseKind kind, long amount, long minAmount,
            String keepLeaseId) {
        asks.add(new LeaseRequest.Ask(scope, kind, amount, minAmount, keepLeaseId));
        CompletableFuture<LeaseResponse.Grant> answer = answers.poll();
        if (answer == null) {
            throw new AssertionError("Unexpected lease ask for " + scope + " " + kind);
        }
        return answer;
    }

    @Override
    public void report(String leaseId, LeaseKind kind, long consumed, boolean release) {
        reports.add(new LeaseReport.Use(leaseId, kind, consumed, release));
    }
}
