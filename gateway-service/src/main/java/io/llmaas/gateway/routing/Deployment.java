package io.llmaas.gateway.routing;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.metering.DeploymentMeters;
import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.llmaas.gateway.provider.UpstreamException;
import io.llmaas.gateway.provider.UpstreamTarget;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

/**
 * One backend serving a model alias, with the live state routing decides on: requests in flight, a moving average of
 * its latency, its model server's health, and its own {@link CircuitBreaker} (which keeps a failing deployment out
 * for a cooldown). Calls go through {@link #call(Exchange)} so the breaker sees every outcome.
 */
public final class Deployment implements DeploymentPicker.Candidate {

    private static final Logger LOG = Logger.getLogger(Deployment.class);
    /** A refusal by an open circuit; the router only checks its type, so one instance without a stack serves all. */
    private static final CircuitBreakerOpenException CIRCUIT_OPEN = new CircuitBreakerOpenException(
            "circuit open") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };
    /** Weight of the newest sample in the latency average. */
    private static final double LATENCY_SMOOTHING = 0.2;

    private final String modelAlias;
    private final DeploymentRoute route;
    private final Backend backend;
    private final UpstreamTarget target;
    private final UpstreamHost host;
    private final DeploymentQuota quota;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double latencyMs = Double.NaN;
    private DeploymentMeters meters;

    Deployment(String modelAlias, DeploymentRoute route, Backend backend, UpstreamTarget target, UpstreamHost host,
            GatewayConfig.CircuitBreaker breaker) {
        this.modelAlias = modelAlias;
        this.route = route;
        this.backend = backend;
        this.target = target;
        this.host = host;
        this.quota = DeploymentQuota.of(route.rpm(), route.tpm());
        this.breaker = new CircuitBreaker(breaker, this::circuitChanged);
    }

    public String id() {
        return route.id();
    }

    public String modelAlias() {
        return modelAlias;
    }

    DeploymentRoute route() {
        return route;
    }

    @Override
    public int weight() {
        return Math.max(1, route.weight());
    }

    public UpstreamHost host() {
        return host;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    /** Moving average of the time to the model server's first byte, NaN before the first answer. */
    @Override
    public double latencyMs() {
        return latencyMs;
    }

    public CircuitBreakerState circuit() {
        return breaker.state();
    }

    public DeploymentMeters meters() {
        return meters;
    }

    void meters(DeploymentMeters meters) {
        this.meters = meters;
    }

    /** Whether a request may be sent here now: server up, circuit not open (or its cooldown over), under its caps. */
    @Override
    public boolean available() {
        return host.up() && !breaker.refusing()
                && (quota == null || quota.admits());
    }

    /**
     * One attempt through the circuit breaker. The deployment counts the request in flight from here until
     * {@link #attemptFailed()} or {@link #release(Exchange)}.
     */
    Future<UpstreamAnswer> call(Exchange exchange) {
        inFlight.incrementAndGet();
        if (quota != null) {
            quota.countRequest();
        }
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(CIRCUIT_OPEN);
        }
        Future<UpstreamAnswer> answer;
        try {
            answer = backend.call(exchange, target);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.andThen(this::recordOutcome);
    }

    /** Connect errors, broken connections, timeouts, 5xx, 429 and refused credentials count against the deployment. */
    private void recordOutcome(AsyncResult<UpstreamAnswer> outcome) {
        breaker.record(outcome.failed() && outcome.cause() instanceof UpstreamException upstream
                && upstream.countsAgainstDeployment());
    }

    /** The answer was committed: its latency feeds the moving average. */
    void answered(Exchange exchange) {
        long firstByte = exchange.upstreamFirstByteNanos() > 0 ? exchange.upstreamFirstByteNanos() : System.nanoTime();
        double sample = (firstByte - exchange.upstreamStartNanos()) / 1_000_000.0;
        double average = latencyMs;
        // Concurrent updates may drop a sample; the average stays an average.
        latencyMs = Double.isNaN(average) ? sample : average + LATENCY_SMOOTHING * (sample - average);
    }

    void attemptFailed() {
        inFlight.decrementAndGet();
    }

    /** The request answered by this deployment ended. */
    void release(Exchange exchange) {
        inFlight.decrementAndGet();
        if (quota != null) {
            quota.countTokens(Math.max(0, exchange.promptTokens()) + Math.max(0, exchange.completionTokens()));
        }
    }

    private void circuitChanged(CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            LOG.warnf("Circuit of deployment %s opened after repeated failures: it is skipped for the cooldown",
                    route.id());
        } else {
            LOG.infof("Circuit of deployment %s is %s", route.id(),
                    state == CircuitBreakerState.CLOSED ? "closed again" : "half-open: trying a request");
        }
    }

    /** For the circuit-state gauge: 0 closed, 1 half-open, 2 open. */
    int circuitGauge() {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    @Override
    public String toString() {
        return route.id();
    }
}
