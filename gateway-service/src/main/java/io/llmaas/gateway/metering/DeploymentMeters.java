package io.llmaas.gateway.metering;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.llmaas.gateway.api.ApiEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;

/** The meters of one deployment, resolved once; {@link #close()} drops its gauges when the deployment goes away. */
public final class DeploymentMeters {

    private final GatewayMetrics metrics;
    private final String model;
    private final String deployment;
    private final List<Meter> gauges;
    private final Timer upstreamDuration;
    private final ConcurrentHashMap<Integer, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();

    DeploymentMeters(GatewayMetrics metrics, String model, String deployment, List<Meter> gauges) {
        this.metrics = metrics;
        this.model = model;
        this.deployment = deployment;
        this.gauges = gauges;
        this.upstreamDuration = metrics.upstreamDuration(model, deployment);
    }

    Counter requests(ApiEndpoint endpoint, int status) {
        return requests.computeIfAbsent(endpoint.ordinal() * 1000 + status,
                key -> metrics.requests(model, deployment, endpoint, status));
    }

    Timer upstreamDuration() {
        return upstreamDuration;
    }

    /** An attempt on this deployment failed for {@code reason} and the request was retried elsewhere. */
    public void retried(String reason) {
        retries.computeIfAbsent(reason, name -> metrics.retries(model, deployment, name)).increment();
    }

    public void close() {
        gauges.forEach(metrics::remove);
    }
}
