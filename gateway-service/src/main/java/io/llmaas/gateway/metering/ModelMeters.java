package io.llmaas.gateway.metering;

import java.util.concurrent.ConcurrentHashMap;

import io.llmaas.gateway.api.ApiEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/** The meters of one model alias, resolved once so that recording a request costs no registry lookup. */
public final class ModelMeters {

    private static final ApiEndpoint[] ENDPOINTS = ApiEndpoint.values();

    private final GatewayMetrics metrics;
    private final String model;
    private final Timer[] duration = new Timer[ENDPOINTS.length];
    private final Timer timeToFirstToken;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final ConcurrentHashMap<Integer, Counter> unrouted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> fallbacks = new ConcurrentHashMap<>();

    ModelMeters(GatewayMetrics metrics, String model) {
        this.metrics = metrics;
        this.model = model;
        for (ApiEndpoint endpoint : ENDPOINTS) {
            duration[endpoint.ordinal()] = metrics.requestDuration(model, endpoint);
        }
        this.timeToFirstToken = metrics.timeToFirstToken(model);
        this.promptTokens = metrics.promptTokens(model);
        this.completionTokens = metrics.completionTokens(model);
    }

    public String model() {
        return model;
    }

    Timer duration(ApiEndpoint endpoint) {
        return duration[endpoint.ordinal()];
    }

    Timer timeToFirstToken() {
        return timeToFirstToken;
    }

    Counter promptTokens() {
        return promptTokens;
    }

    Counter completionTokens() {
        return completionTokens;
    }

    /** Requests of this model that reached no deployment. */
    Counter unroutedRequests(ApiEndpoint endpoint, int status) {
        return unrouted.computeIfAbsent(endpoint.ordinal() * 1000 + status,
                key -> metrics.requests(model, GatewayMetrics.NONE, endpoint, status));
    }

    /** A request of this model went to {@code fallback}. */
    public void fallback(String fallback) {
        fallbacks.computeIfAbsent(fallback, name -> metrics.fallbacks(model, name)).increment();
    }
}
