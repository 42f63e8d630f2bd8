package io.llmaas.gateway.metering;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.routing.Deployment;
import io.llmaas.gateway.routing.ModelGroup;

/**
 * Meter, the last step of the request path: records every finished request, success or failure, from what its
 * {@link Exchange} gathered (model, deployment, status, durations, tokens). Requests are metered under the model the
 * client asked for, also when a fallback served them.
 */
@ApplicationScoped
public class RequestMeter {

    private final GatewayMetrics metrics;

    RequestMeter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public void started(Exchange exchange) {
        metrics.requestStarted();
    }

    public void record(Exchange exchange) {
        metrics.requestEnded();
        long now = System.nanoTime();
        ModelGroup model = exchange.model();
        ModelMeters modelMeters = model != null ? model.meters() : metrics.unknownModel();
        ApiEndpoint endpoint = exchange.endpoint();
        Deployment deployment = exchange.deployment();
        DeploymentMeters deploymentMeters = deployment != null ? deployment.meters() : null;

        if (deploymentMeters != null) {
            deploymentMeters.requests(endpoint, exchange.status()).increment();
            long upstreamEnd = exchange.upstreamEndNanos() > 0 ? exchange.upstreamEndNanos() : now;
            deploymentMeters.upstreamDuration().record(upstreamEnd - exchange.upstreamStartNanos(),
                    TimeUnit.NANOSECONDS);
        } else {
            modelMeters.unroutedRequests(endpoint, exchange.status()).increment();
        }
        modelMeters.duration(endpoint).record(now - exchange.startNanos(), TimeUnit.NANOSECONDS);
        if (exchange.firstChunkNanos() > 0) {
            modelMeters.timeToFirstToken().record(exchange.firstChunkNanos() - exchange.startNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (exchange.promptTokens() > 0) {
            modelMeters.promptTokens().increment(exchange.promptTokens());
        }
        if (exchange.completionTokens() > 0) {
            modelMeters.completionTokens().increment(exchange.completionTokens());
        }
    }
}
