package io.llmaas.gateway.routing;

import java.util.List;

/**
 * A routing strategy: which of a model's deployments serves the next request. Only candidates that are
 * {@link Candidate#available() available} and not in {@code excluded} (those that already failed this request) are
 * eligible; null means none is.
 */
public interface DeploymentPicker {

    String LEAST_BUSY = "least-busy";
    String ROUND_ROBIN = "round-robin";
    String WEIGHTED = "weighted";
    String LOWEST_LATENCY = "lowest-latency";

    /** The strategy names a routing file may use. */
    List<String> STRATEGIES = List.of(LEAST_BUSY, ROUND_ROBIN, WEIGHTED, LOWEST_LATENCY);

    /** What a strategy decides on: a deployment's live state. */
    interface Candidate {

        /** Whether a request may be sent there now. */
        boolean available();

        /** Requests in flight there now. */
        int inFlight();

        /** Moving average of its time to first byte; NaN before its first answer. */
        double latencyMs();

        /** Its share in weighted routing, at least 1. */
        int weight();
    }

    <C extends Candidate> C pick(List<C> candidates, List<? extends Candidate> excluded);

    /** A fresh picker (pickers keep per-model state) for {@code strategy}; null means least-busy. */
    static DeploymentPicker of(String strategy) {
        return switch (strategy == null ? LEAST_BUSY : strategy) {
            case LEAST_BUSY -> new LeastBusyPicker();
            case ROUND_ROBIN -> new RoundRobinPicker();
            case WEIGHTED -> new WeightedPicker();
            case LOWEST_LATENCY -> new LowestLatencyPicker();
            default -> throw new IllegalArgumentException(
                    "Unknown routing strategy '" + strategy + "' (known: " + String.join(", ", STRATEGIES) + ")");
        };
    }

    static boolean eligible(Candidate candidate, List<? extends Candidate> excluded) {
        return candidate.available() && (excluded == null || !excluded.contains(candidate));
    }
}
