package io.llmaas.gateway.metering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.gateway.api.ApiEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's Prometheus metrics, all named {@code llmaas_gateway_*}. Labels are bounded by configuration: model
 * aliases and deployment ids from the routing table (an unknown model is {@code none}), endpoints, statuses and a
 * handful of failure reasons. Meters are registered once per model and deployment, so the request path only
 * increments them.
 */
@ApplicationScoped
public class GatewayMetrics {

    /** The model label of requests that named no known model. */
    public static final String NONE = "none";

    static final String REQUESTS = "llmaas.gateway.requests";
    static final String REQUEST_DURATION = "llmaas.gateway.request.duration";
    static final String UPSTREAM_DURATION = "llmaas.gateway.upstream.duration";
    static final String TIME_TO_FIRST_TOKEN = "llmaas.gateway.time.to.first.token";
    static final String PROMPT_TOKENS = "llmaas.gateway.prompt.tokens";
    static final String COMPLETION_TOKENS = "llmaas.gateway.completion.tokens";
    static final String IN_FLIGHT = "llmaas.gateway.requests.in.flight";
    static final String DEPLOYMENT_IN_FLIGHT = "llmaas.gateway.deployment.in.flight";
    static final String RETRIES = "llmaas.gateway.retries";
    static final String FALLBACKS = "llmaas.gateway.fallbacks";
    static final String DEPLOYMENT_HEALTHY = "llmaas.gateway.deployment.healthy";
    static final String CIRCUIT_STATE = "llmaas.gateway.deployment.circuit.state";

    private static final Duration[] LATENCY_BUCKETS = durations(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
            10_000, 30_000, 60_000, 120_000);
    private static final Duration[] FIRST_TOKEN_BUCKETS = durations(10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
            10_000, 30_000);

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ModelMeters unknownModel;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Requests the gateway is handling").register(registry);
        this.unknownModel = forModel(NONE);
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** The meters of requests that named no known model. */
    public ModelMeters unknownModel() {
        return unknownModel;
    }

    public ModelMeters forModel(String alias) {
        return new ModelMeters(this, alias);
    }

    /**
     * The meters of one deployment, with gauges over its live state.
     *
     * @param inFlight    requests on the deployment now
     * @param healthy     1 while its model server is up (or not probed yet), 0 while down
     * @param circuitState 0 closed, 1 half-open, 2 open
     */
    public DeploymentMeters forDeployment(String model, String deployment, Supplier<Number> inFlight,
            Supplier<Number> healthy, Supplier<Number> circuitState) {
        Tags tags = Tags.of("model", model, "deployment", deployment);
        List<Meter> gauges = new ArrayList<>(3);
        gauges.add(Gauge.builder(DEPLOYMENT_IN_FLIGHT, inFlight).tags(tags)
                .description("Requests on the deployment now").register(registry));
        gauges.add(Gauge.builder(DEPLOYMENT_HEALTHY, healthy).tags(tags)
                .description("1 while the deployment's model server answers health checks, 0 while it is down")
                .register(registry));
        gauges.add(Gauge.builder(CIRCUIT_STATE, circuitState).tags(tags)
                .description("The deployment's circuit breaker: 0 closed, 1 half-open, 2 open").register(registry));
        return new DeploymentMeters(this, model, deployment, gauges);
    }

    Counter requests(String model, String deployment, ApiEndpoint endpoint, int status) {
        return Counter.builder(REQUESTS)
                .tags("model", model, "deployment", deployment, "endpoint", endpoint.capability(), "status",
                        Integer.toString(status))
                .description("Requests by model, deployment, endpoint and the status the client got")
                .register(registry);
    }

    Timer requestDuration(String model, ApiEndpoint endpoint) {
        return Timer.builder(REQUEST_DURATION).tags("model", model, "endpoint", endpoint.capability())
                .description("Time from the request's arrival to the end of its answer")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    Timer upstreamDuration(String model, String deployment) {
        return Timer.builder(UPSTREAM_DURATION).tags("model", model, "deployment", deployment)
                .description("Time from sending a request to a model server to the end of its answer")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    Timer timeToFirstToken(String model) {
        return Timer.builder(TIME_TO_FIRST_TOKEN).tags("model", model)
                .description("Time from a streamed request's arrival to its first chunk")
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS).register(registry);
    }

    Counter promptTokens(String model) {
        return Counter.builder(PROMPT_TOKENS).tags("model", model)
                .description("Prompt tokens the backends reported").register(registry);
    }

    Counter completionTokens(String model) {
        return Counter.builder(COMPLETION_TOKENS).tags("model", model)
                .description("Completion tokens the backends reported").register(registry);
    }

    Counter retries(String model, String deployment, String reason) {
        return Counter.builder(RETRIES).tags("model", model, "deployment", deployment, "reason", reason)
                .description("Attempts that failed on a deployment and were retried elsewhere").register(registry);
    }

    Counter fallbacks(String model, String fallback) {
        return Counter.builder(FALLBACKS).tags("model", model, "fallback", fallback)
                .description("Requests sent on to a fallback model after every deployment of theirs failed")
                .register(registry);
    }

    void remove(Meter meter) {
        registry.remove(meter);
    }

    private static Duration[] durations(double... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
        }
        return durations;
    }
}
