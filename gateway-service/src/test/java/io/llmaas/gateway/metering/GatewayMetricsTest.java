package io.llmaas.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeModelServer.Held;
import io.llmaas.gateway.testing.FakeOpenAiServer;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.Requests;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The Prometheus metrics a finished or running request leaves behind. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class GatewayMetricsTest {

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void aRequestIsCountedByModelDeploymentAndStatusWithItsDurations() {
        Metrics before = Metrics.scrape();

        Requests.chat("gpt-fake").then().statusCode(200);
        Requests.chat("no-such-model").then().statusCode(404);

        Metrics after = Metrics.scrape();
        assertThat(delta(before, after, "llmaas_gateway_requests_total", "model", "gpt-fake", "deployment",
                "gpt-fake/1", "endpoint", "chat", "status", "200")).isEqualTo(1);
        // An unknown model is counted under "none": clients cannot create label values.
        assertThat(delta(before, after, "llmaas_gateway_requests_total", "model", "none", "deployment", "none",
                "endpoint", "chat", "status", "404")).isEqualTo(1);
        assertThat(delta(before, after, "llmaas_gateway_request_duration_seconds_count", "model", "gpt-fake",
                "endpoint", "chat")).isEqualTo(1);
        assertThat(delta(before, after, "llmaas_gateway_upstream_duration_seconds_count", "deployment", "gpt-fake/1"))
                .isEqualTo(1);
        assertThat(after.value("llmaas_gateway_request_duration_seconds_bucket", "model", "gpt-fake", "endpoint",
                "chat", "le", "+Inf")).isPositive();
    }

    @Test
    void tokensAndSpendAreCountedByModelAndTeam() {
        Metrics before = Metrics.scrape();

        Requests.chat("gpt-fake").then().statusCode(200);
        Requests.chat("gpt-fake").then().statusCode(200);

        Metrics after = Metrics.scrape();
        // The master key belongs to no team; two requests add up on the same series.
        assertThat(delta(before, after, "llmaas_gateway_tokens_total", "model", "gpt-fake", "team", "none", "type",
                "prompt")).isEqualTo(2 * FakeOpenAiServer.PROMPT_TOKENS);
        assertThat(delta(before, after, "llmaas_gateway_tokens_total", "model", "gpt-fake", "team", "none", "type",
                "completion")).isEqualTo(2 * FakeOpenAiServer.COMPLETION_TOKENS);
        // At 1.5 and 2 USD per million prompt and completion tokens.
        assertThat(delta(before, after, "llmaas_gateway_spend_usd_total", "model", "gpt-fake", "team", "none"))
                .isCloseTo(2 * (FakeOpenAiServer.PROMPT_TOKENS * 1.5 + FakeOpenAiServer.COMPLETION_TOKENS * 2) / 1e6,
                        Offset.offset(1e-12));
    }

    @Test
    void aStreamRecordsItsTimeToFirstToken() throws Exception {
        Metrics before = Metrics.scrape();

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"gpt-fake\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            stream.remainingEvents();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> delta(before, Metrics.scrape(),
                "llmaas_gateway_time_to_first_token_seconds_count", "model", "gpt-fake") == 1);
    }

    @Test
    void requestsInFlightAreGauged() throws Exception {
        fakes.openai().hold("busy-a");
        fakes.openai().hold("busy-b");
        double idle = Metrics.scrape().value("llmaas_gateway_requests_in_flight");

        CompletableFuture<HttpResponse<String>> answer = Requests.chatAsync(gateway, "busy");
        Held held = fakes.openai().nextHeld();
        Metrics during = Metrics.scrape();
        assertThat(during.value("llmaas_gateway_requests_in_flight")).isEqualTo(idle + 1);
        assertThat(during.value("llmaas_gateway_deployment_in_flight", "deployment",
                held.model().replace("busy-", "busy/"))).isEqualTo(1);

        held.release();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.scrape().value("llmaas_gateway_requests_in_flight") == idle);
    }

    @Test
    void deploymentHealthAndCircuitStateAreGauged() {
        Metrics metrics = Metrics.scrape();
        assertThat(metrics.value("llmaas_gateway_deployment_healthy", "deployment", "gpt-fake/1")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.scrape().value("llmaas_gateway_deployment_healthy",
                "deployment", "unreachable/1") == 0);
        assertThat(metrics.value("llmaas_gateway_deployment_circuit_state", "deployment", "gpt-fake/1")).isZero();
    }

    private static double delta(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
