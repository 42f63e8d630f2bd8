package io.llmaas.gateway.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.gateway.metering.PlatformMetrics;

/**
 * usage-service's ingest, called from the metering thread only (never from a request). Not retried here: a failed
 * batch goes to the spool and is replayed in order, which ingest's idempotency by request id makes harmless.
 */
@ApplicationScoped
public class UsageClient {

    private final UsageRestClient rest;
    private final PlatformMetrics metrics;

    UsageClient(@RestClient UsageRestClient rest, PlatformMetrics metrics) {
        this.rest = rest;
        this.metrics = metrics;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public UsageBatch.Result ingest(UsageBatch batch) {
        try {
            UsageBatch.Result result = rest.ingest(batch);
            metrics.usageCall(true);
            return result;
        } catch (RuntimeException e) {
            metrics.usageCall(false);
            throw e;
        }
    }
}
