package io.llmaas.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deployment with the lowest moving average of time to first byte. A deployment without a measurement yet goes
 * first, so every deployment gets measured; ties are broken by a rotating start.
 */
final class LowestLatencyPicker implements DeploymentPicker {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public <C extends Candidate> C pick(List<C> candidates, List<? extends Candidate> excluded) {
        int count = candidates.size();
        int start = Math.floorMod(rotation.getAndIncrement(), count);
        C best = null;
        double lowest = Double.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            C candidate = candidates.get((start + i) % count);
            if (!DeploymentPicker.eligible(candidate, excluded)) {
                continue;
            }
            double latency = Double.isNaN(candidate.latencyMs()) ? -1 : candidate.latencyMs();
            if (latency < lowest) {
                best = candidate;
                lowest = latency;
            }
        }
        return best;
    }
}
