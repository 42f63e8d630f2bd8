package io.llmaas.gateway.routing;

import java.util.List;

/**
 * A routing strategy: which of a model's deployments serves the next request. Only deployments that are
 * {@link Deployment#available() available} and not in {@code excluded} (those that already failed this request) are
 * candidates; null means there is none.
 */
public interface DeploymentPicker {

    String LEAST_BUSY = "least-busy";
    String ROUND_ROBIN = "round-robin";
    String WEIGHTED = "weighted";
    String LOWEST_LATENCY = "lowest-latency";

    /** The strategy names a routing file may use. */
    List<String> STRATEGIES = List.of(LEAST_BUSY, ROUND_ROBIN, WEIGHTED, LOWEST_LATENCY);

    Deployment pick(List<Deployment> deployments, List<Deployment> excluded);

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

    static boolean eligible(Deployment deployment, List<Deployment> excluded) {
        return deployment.available() && (excluded == null || !excluded.contains(deployment));
    }
}
