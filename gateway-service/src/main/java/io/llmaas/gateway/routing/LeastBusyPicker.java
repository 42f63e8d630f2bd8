package io.llmaas.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deployment with the fewest requests in flight (streams count until they end). Ties are broken by a rotating
 * start, so an idle model still spreads its requests instead of sending all of them to the first deployment.
 */
final class LeastBusyPicker implements DeploymentPicker {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public <C extends Candidate> C pick(List<C> candidates, List<? extends Candidate> excluded) {
        int count = candidates.size();
        int start = Math.floorMod(rotation.getAndIncrement(), count);
        C best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            C candidate = candidates.get((start + i) % count);
            if (DeploymentPicker.eligible(candidate, excluded) && candidate.inFlight() < fewest) {
                best = candidate;
                fewest = candidate.inFlight();
            }
        }
        return best;
    }
}
