package io.llmaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeModelServer.Held;
import io.llmaas.gateway.testing.FakeModelServer.Received;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The routing strategies through the running gateway: which deployment each request reached. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class RoutingStrategiesTest {

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void leastBusySpreadsConcurrentRequestsAndFillsTheFreedDeploymentFirst() throws Exception {
        fakes.openai().hold("busy-a");
        fakes.openai().hold("busy-b");
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(Requests.chatAsync(gateway, "busy"));
            held.add(fakes.openai().nextHeld());
        }
        // Each request found the deployments either level or one ahead: they took turns.
        for (int i = 0; i < 6; i += 2) {
            assertThat(List.of(held.get(i).model(), held.get(i + 1).model()))
                    .containsExactlyInAnyOrder("busy-a", "busy-b");
        }

        // One request ends on the deployment of the last one: it now has fewer in flight and gets the next request,
        // where round-robin would have gone on to the other one.
        Held finished = held.remove(5);
        finished.release();
        assertThat(answers.remove(5).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        String freed = finished.model();
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.scrape().value(
                "llmaas_gateway_deployment_in_flight", "deployment", freed.replace("busy-", "busy/")) == 2);
        answers.add(Requests.chatAsync(gateway, "busy"));
        Held next = fakes.openai().nextHeld();
        assertThat(next.model()).isEqualTo(freed);

        held.add(next);
        held.forEach(Held::release);
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void roundRobinTakesEachDeploymentInTurn() {
        for (int i = 0; i < 9; i++) {
            Requests.chat("rr").then().statusCode(200);
        }

        List<String> order = fakes.openai().received().stream().map(Received::model).toList();
        assertThat(order).hasSize(9);
        assertThat(order.subList(0, 3)).containsExactlyInAnyOrder("rr-a", "rr-b", "rr-c");
        for (int i = 3; i < 9; i++) {
            assertThat(order.get(i)).isEqualTo(order.get(i - 3));
        }
    }

    @Test
    void weightedSplitsRequestsInTheRatioOfTheWeights() {
        for (int i = 0; i < 8; i++) {
            Requests.chat("weighted").then().statusCode(200);
        }

        // Weights 3 and 1: exactly 3 of every 4 requests, interleaved rather than in a burst.
        assertThat(fakes.openai().calls("weighted-heavy")).isEqualTo(6);
        assertThat(fakes.openai().calls("weighted-light")).isEqualTo(2);
        List<String> order = fakes.openai().received().stream().map(Received::model).toList();
        assertThat(order.subList(0, 4)).containsOnlyOnce("weighted-light");
        assertThat(order.subList(4, 8)).containsOnlyOnce("weighted-light");
    }
}
