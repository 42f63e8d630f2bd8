package io.llmaas.gateway.client;

import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    private final ObjectMapper mapper;

    UsageClient(@RestClient UsageRestClient rest, PlatformMetrics metrics, ObjectMapper mapper) {
        this.rest = rest;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public UsageBatch.Result ingest(UsageBatch batch) {
        try {
            // Serialized to bytes here: the REST client's JSON writer would build a String of the batch first.
            UsageBatch.Result result = rest.ingest(json(batch));
            metrics.usageCall(true);
            return result;
        } catch (RuntimeException e) {
            metrics.usageCall(false);
            throw e;
        }
    }

    private byte[] json(UsageBatch batch) {
        try {
            return mapper.writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
