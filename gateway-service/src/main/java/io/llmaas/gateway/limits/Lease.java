package io.llmaas.gateway.limits;

/**
 * One RPM or TPM lease the gateway holds or held: how much it got and how much requests consumed from it. Guarded by
 * its {@link RateSlice}'s lock.
 */
final class Lease {

    final String id;
    final long amount;
    /** Local epoch millisecond after which it is not used any more (keys-service's expiry minus a margin). */
    final long deadline;
    /** Local epoch millisecond of the grant. */
    final long grantedAt;
    long consumed;
    /** Requests that took from it. */
    long takes;
    /** The next lease was asked for while this one was current (once per lease). */
    boolean askedAhead;
    /** Requests holding a claim on it whose actual count is not settled yet. */
    int open;
    boolean closed;
    boolean dirty;

    Lease(String id, long amount, long deadline, long grantedAt) {
        this.id = id;
        this.amount = amount;
        this.deadline = deadline;
        this.grantedAt = grantedAt;
    }

    long left() {
        return amount - consumed;
    }
}
