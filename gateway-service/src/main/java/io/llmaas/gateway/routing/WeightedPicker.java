package io.llmaas.gateway.routing;

import java.util.List;

/**
 * Deployments in proportion to their weights, by smooth weighted round-robin (nginx's algorithm): deterministic, exact
 * over every cycle of {@code sum(weights)} requests, and interleaved rather than in bursts (3:1 gives a a b a, not
 * a a a b).
 */
final class WeightedPicker implements DeploymentPicker {

    @Override
    public synchronized Deployment pick(List<Deployment> deployments, List<Deployment> excluded) {
        Deployment best = null;
        int total = 0;
        for (Deployment candidate : deployments) {
            if (!DeploymentPicker.eligible(candidate, excluded)) {
                continue;
            }
            candidate.currentWeight += candidate.weight();
            total += candidate.weight();
            if (best == null || candidate.currentWeight > best.currentWeight) {
                best = candidate;
            }
        }
        if (best != null) {
            best.currentWeight -= total;
        }
        return best;
    }
}
