package io.llmaas.contracts.internal;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a {@link LeaseRequest}, one grant per ask, in the same order. */
@RegisterForReflection
public record LeaseResponse(List<Grant> grants) {

    /**
     * @param leaseId      null when nothing was granted
     * @param granted      0 when the scope is exhausted: the gateway answers 429
     * @param limit        the scope's configured limit (requests, tokens, slots, nano-dollars), for rate-limit headers
     * @param remaining    what was left in the scope after this grant, for {@code x-ratelimit-remaining-*}
     * @param expiresAt    the slice must be used before this instant; unused amounts then return to the scope
     * @param resetAt      when the window (RPM/TPM) or budget period (BUDGET) frees capacity again
     * @param retryAfterMs with {@code granted == 0}: how long until asking again can succeed
     */
    @RegisterForReflection
    public record Grant(String scope, LeaseKind kind, String leaseId, long granted, long limit, long remaining,
            Instant expiresAt, Instant resetAt, long retryAfterMs) {
    }
}
