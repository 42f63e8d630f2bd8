package io.llmaas.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each deployment in turn; an unavailable one passes its turn to the next. */
final class RoundRobinPicker implements DeploymentPicker {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public <C extends Candidate> C pick(List<C> candidates, List<? extends Candidate> excluded) {
        int count = candidates.size();
        int start = Math.floorMod(next.getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            C candidate = candidates.get((start + i) % count);
            if (DeploymentPicker.eligible(candidate, excluded)) {
                return candidate;
            }
        }
        return null;
    }
}
