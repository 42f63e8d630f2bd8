package io.llmaas.keys.client;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.AuditRecord;
import io.llmaas.keys.config.KeysConfig;

/**
 * Delivers audit records to admin-service. admin-service may be down: then the records stay in the outbox and
 * {@link #deliver} answers false; the circuit breaker keeps a dead admin-service from slowing every flush.
 */
@ApplicationScoped
public class AdminClient {

    private static final Logger LOG = Logger.getLogger(AdminClient.class);

    private final AdminRestClient rest;
    private final KeysConfig config;

    public AdminClient(@RestClient AdminRestClient rest, KeysConfig config) {
        this.rest = rest;
        this.config = config;
    }

    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000)
    @Fallback(fallbackMethod = "notDelivered")
    public boolean deliver(List<AuditRecord> records) {
        rest.audit("Bearer " + config.serviceToken(), records);
        return true;
    }

    boolean notDelivered(List<AuditRecord> records, Throwable cause) {
        LOG.debugf("admin-service did not take %d audit records (%s); they stay in the outbox", records.size(),
                cause.getClass().getSimpleName());
        return false;
    }
}
