package io.llmaas.gateway.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.gateway.client.KeysClient;
import io.llmaas.gateway.config.GatewayIdentity;
import io.llmaas.gateway.metering.PlatformMetrics;

/**
 * The gateway's side of keys-service's lease API: asks, one at a time per scope (callers coalesce), and consumption
 * reports, queued by whoever has something to report and sent together by the lease maintainer, so reporting never
 * costs a request anything. Consumption is a running total per lease, so a report sent twice or out of order is
 * harmless.
 */
@ApplicationScoped
public class LeaseChannel {

    private static final Logger LOG = Logger.getLogger(LeaseChannel.class);

    private final KeysClient keys;
    private final String gatewayId;
    private final PlatformMetrics metrics;
    private final ConcurrentLinkedQueue<LeaseReport.Use> reports = new ConcurrentLinkedQueue<>();
    private boolean failing;

    @Inject
    LeaseChannel(KeysClient keys, GatewayIdentity identity, PlatformMetrics metrics) {
        this.keys = keys;
        this.gatewayId = identity.id();
        this.metrics = metrics;
    }

    /** For test doubles that answer asks and record reports themselves. */
    protected LeaseChannel(String gatewayId) {
        this.keys = null;
        this.gatewayId = gatewayId;
        this.metrics = null;
    }

    /** Asks for {@code amount} of a scope, at least {@code minAmount} or nothing. */
    public CompletableFuture<LeaseResponse.Grant> ask(String scope, LeaseKind kind, long amount, long minAmount) {
        return ask(scope, kind, amount, minAmount, null);
    }

    /** An ask that keeps the gateway's open RPM/TPM slice {@code keepLeaseId} (an ask ahead); see LeaseRequest. */
    public CompletableFuture<LeaseResponse.Grant> ask(String scope, LeaseKind kind, long amount, long minAmount,
            String keepLeaseId) {
        LeaseRequest request = new LeaseRequest(gatewayId,
                List.of(new LeaseRequest.Ask(scope, kind, amount, minAmount, keepLeaseId)));
        return keys.lease(request).toCompletableFuture().thenApply(response -> {
            LeaseResponse.Grant grant = response.grants().get(0);
            metrics.lease(kind, grant.limit() < 0 || grant.granted() >= Math.max(1, minAmount));
            return grant;
        });
    }

    /** Queues a consumption report; {@code release} hands the unused rest back and closes the lease. */
    public void report(String leaseId, LeaseKind kind, long consumed, boolean release) {
        reports.add(new LeaseReport.Use(leaseId, kind, consumed, release));
    }

    /** Sends what was queued, one report per lease (its highest total); kept for the next try when it fails. */
    void flush() {
        Map<String, LeaseReport.Use> uses = new LinkedHashMap<>();
        LeaseReport.Use use;
        while ((use = reports.poll()) != null) {
            LeaseReport.Use earlier = uses.get(use.leaseId());
            uses.put(use.leaseId(), earlier == null ? use : new LeaseReport.Use(use.leaseId(), use.kind(),
                    Math.max(use.consumed(), earlier.consumed()), use.release() || earlier.release()));
        }
        if (uses.isEmpty()) {
            return;
        }
        List<LeaseReport.Use> batch = new ArrayList<>(uses.values());
        try {
            keys.report(new LeaseReport(gatewayId, batch));
            if (failing) {
                failing = false;
                LOG.info("Lease reports reach keys-service again");
            }
        } catch (RuntimeException e) {
            reports.addAll(batch);
            if (!failing) {
                failing = true;
                LOG.warnf("Lease reports cannot reach keys-service (%s); keeping them for the next try",
                        e.getMessage());
            }
        }
    }
}
