package io.llmaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The routing strategies as algorithms, on candidates whose state the test sets. */
class DeploymentPickerTest {

    /** A deployment's routing state, set by the test. */
    static final class Stub implements DeploymentPicker.Candidate {
        final String name;
        boolean available = true;
        int inFlight;
        double latencyMs = Double.NaN;
        int weight = 1;

        Stub(String name) {
            this.name = name;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public int inFlight() {
            return inFlight;
        }

        @Override
        public double latencyMs() {
            return latencyMs;
        }

        @Override
        public int weight() {
            return weight;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Stub a = new Stub("a");
    private final Stub b = new Stub("b");
    private final Stub c = new Stub("c");
    private final List<Stub> all = List.of(a, b, c);

    @Test
    void leastBusyPicksTheFewestInFlightAndRotatesAmongEquals() {
        DeploymentPicker picker = DeploymentPicker.of(DeploymentPicker.LEAST_BUSY);
        a.inFlight = 2;
        b.inFlight = 0;
        c.inFlight = 1;
        for (int i = 0; i < 5; i++) {
            assertThat(picker.pick(all, null)).isSameAs(b);
        }

        a.inFlight = b.inFlight = c.inFlight = 0;
        assertThat(picks(picker, 3)).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void roundRobinTakesTurnsAndSkipsWhatIsUnavailable() {
        DeploymentPicker picker = DeploymentPicker.of(DeploymentPicker.ROUND_ROBIN);
        List<Stub> cycle = picks(picker, 6);
        assertThat(cycle.subList(0, 3)).containsExactlyInAnyOrder(a, b, c);
        assertThat(cycle.subList(3, 6)).isEqualTo(cycle.subList(0, 3));

        b.available = false;
        assertThat(picks(picker, 6)).doesNotContain(b).contains(a, c);
    }

    @Test
    void weightedMatchesTheWeightsExactlyOverEachCycleAndInterleaves() {
        DeploymentPicker picker = DeploymentPicker.of(DeploymentPicker.WEIGHTED);
        a.weight = 5;
        b.weight = 2;
        c.weight = 1;

        List<Stub> picks = picks(picker, 80);
        assertThat(picks.stream().filter(a::equals).count()).isEqualTo(50);
        assertThat(picks.stream().filter(b::equals).count()).isEqualTo(20);
        assertThat(picks.stream().filter(c::equals).count()).isEqualTo(10);
        // Smooth: the heaviest never runs more than its share in a row.
        for (int i = 0; i < 8; i++) {
            assertThat(picks.subList(i * 8, i * 8 + 8)).filteredOn(a::equals).hasSize(5);
        }
        assertThat(picks).containsSubsequence(a, b, a);
    }

    @Test
    void lowestLatencyMeasuresEachDeploymentFirstThenPrefersTheFastest() {
        DeploymentPicker picker = DeploymentPicker.of(DeploymentPicker.LOWEST_LATENCY);
        a.latencyMs = 120;
        b.latencyMs = 40;
        assertThat(picker.pick(all, null)).as("c has no measurement yet").isSameAs(c);

        c.latencyMs = 300;
        for (int i = 0; i < 5; i++) {
            assertThat(picker.pick(all, null)).isSameAs(b);
        }
        b.available = false;
        assertThat(picker.pick(all, null)).isSameAs(a);
    }

    @Test
    void deploymentsThatFailedTheRequestAreNotPickedAgain() {
        for (String strategy : DeploymentPicker.STRATEGIES) {
            DeploymentPicker picker = DeploymentPicker.of(strategy);
            assertThat(picker.pick(all, List.of(a, c))).as(strategy).isSameAs(b);
            assertThat(picker.pick(all, List.of(a, b, c))).as(strategy).isNull();
        }
    }

    @Test
    void nothingIsPickedWhenNothingIsAvailable() {
        a.available = b.available = c.available = false;
        for (String strategy : DeploymentPicker.STRATEGIES) {
            assertThat(DeploymentPicker.of(strategy).pick(all, null)).as(strategy).isNull();
        }
    }

    @Test
    void anUnknownStrategyIsRefused() {
        assertThatThrownBy(() -> DeploymentPicker.of("random")).hasMessageContaining("least-busy");
    }

    private List<Stub> picks(DeploymentPicker picker, int count) {
        List<Stub> picks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picks.add(picker.pick(all, null));
        }
        return picks;
    }
}
