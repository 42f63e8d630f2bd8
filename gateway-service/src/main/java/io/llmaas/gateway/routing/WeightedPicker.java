package io.llmaas.gateway.routing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployments in proportion to their weights, by smooth weighted round-robin (nginx's algorithm): deterministic, exact
 * over every cycle of {@code sum(weights)} requests, and interleaved rather than in bursts (3:1 gives a a b a, not
 * a a a b).
 */
final class WeightedPicker implements DeploymentPicker {

    private final Map<Candidate, int[]> current = new IdentityHashMap<>();

    @Override
    public synchronized <C extends Candidate> C pick(List<C> candidates, List<? extends Candidate> excluded) {
        C best = null;
        int[] bestWeight = null;
        int total = 0;
        for (C candidate : candidates) {
            if (!DeploymentPicker.eligible(candidate, excluded)) {
                continue;
            }
            int[] weight = current.computeIfAbsent(candidate, key -> new int[1]);
            weight[0] += candidate.weight();
            total += candidate.weight();
            if (best == null || weight[0] > bestWeight[0]) {
                best = candidate;
                bestWeight = weight;
            }
        }
        if (best != null) {
            bestWeight[0] -= total;
        }
        return best;
    }
}
