package io.llmaas.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.llmaas.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Active health checks: every {@code gateway.health-check.interval}, each model server of the catalog is probed once
 * (one probe covers all deployments on it, and a probe still running is not doubled). A server that fails is marked
 * down, so requests skip its deployments without waiting for a timeout; one that answers again is marked up and
 * takes requests again. Probes are asynchronous and time-boxed, so an unreachable server slows nothing down.
 */
@ApplicationScoped
public class HealthChecker {

    private final ModelCatalog catalog;
    private final Vertx vertx;
    private final GatewayConfig.HealthCheck config;
    private long timerId = -1;

    HealthChecker(ModelCatalog catalog, Vertx vertx, GatewayConfig config) {
        this.catalog = catalog;
        this.vertx = vertx;
        this.config = config.healthCheck();
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timerId = vertx.setPeriodic(1, config.interval().toMillis(), tick -> probeAll());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void probeAll() {
        for (UpstreamHost host : catalog.snapshot().hosts()) {
            if (host.probed() && !host.probing()) {
                probe(host);
            }
        }
    }

    /**
     * One probe, and at once a second one if it fails: a single failure may be the connection's and not the server's
     * (a pooled keep-alive connection the server closed just as the probe was sent on it), and a server marked down
     * stays down for a whole interval.
     */
    private void probe(UpstreamHost host) {
        host.probing(true);
        probeOnce(host).recover(firstFailure -> probeOnce(host)).onComplete(result -> {
            host.probing(false);
            if (result.succeeded()) {
                host.markUp();
            } else {
                String reason = result.cause().getMessage();
                host.markDown(reason != null ? reason : result.cause().getClass().getSimpleName());
            }
        });
    }

    private Future<Void> probeOnce(UpstreamHost host) {
        return host.backend().probe(host.probeTarget(), config.timeout().toMillis());
    }
}
