package io.llmaas.usage.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.contracts.internal.SpendSettlement;

/**
 * keys-service, guarded: short retries for blips, a circuit breaker so a keys-service outage costs callers nothing but
 * a fast failure. There is no fallback for settlement on purpose: the outbox keeps unsent spend and retries it.
 */
@ApplicationScoped
public class KeysClient {

    private final KeysRestClient keys;

    KeysClient(@RestClient KeysRestClient keys) {
        this.keys = keys;
    }

    /** Settles spend into the budget ledger; idempotent by the settlement's batch id. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public SpendSettlement.Result settle(SpendSettlement settlement) {
        return keys.settle(settlement);
    }

    /** The spend the ledger has settled per key and UTC day in {@code [from, to)}. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public LedgerReport ledger(Instant from, Instant to) {
        return keys.ledger(from.toString(), to.toString());
    }

    /** The key with this hex SHA-256 hash; empty when keys-service does not know it (404 is an answer, not a failure). */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Optional<KeyPrincipal> findKey(String keyHash) {
        try {
            return Optional.of(keys.verify(new KeyVerifyRequest(keyHash)));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
