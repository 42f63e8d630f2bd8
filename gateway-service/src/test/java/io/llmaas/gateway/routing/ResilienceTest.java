package io.llmaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeModelServer.Call;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.Requests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What keeps requests succeeding when model servers fail: retries on another deployment, health checks, alias
 * fallbacks and the per-deployment circuit breaker.
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class ResilienceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @InjectFakeBackends
    FakeBackends fakes;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void whenOneOfTwoDeploymentsDiesRequestsKeepSucceedingAndHealthChecksBringItBack() {
        for (int i = 0; i < 4; i++) {
            Requests.chat("failover").then().statusCode(200);
        }
        assertThat(fakes.failoverA().calls("failover-model")).isPositive();
        assertThat(fakes.failoverB().calls("failover-model")).isPositive();

        fakes.failoverA().stop();
        try {
            for (int i = 0; i < 10; i++) {
                Requests.chat("failover").then().statusCode(200);
            }
            await().atMost(DEADLINE).until(() -> healthy("failover/a") == 0);
            assertThat(healthy("failover/b")).isEqualTo(1);
        } finally {
            fakes.failoverA().start();
        }

        await().atMost(DEADLINE).until(() -> healthy("failover/a") == 1);
        int callsBefore = fakes.failoverA().calls("failover-model");
        await().atMost(DEADLINE).until(() -> {
            Requests.chat("failover").then().statusCode(200);
            return fakes.failoverA().calls("failover-model") > callsBefore;
        });
    }

    @Test
    void oneFailedProbeIsRetriedAtOnceAndDoesNotTakeTheServerOut() {
        await().atMost(DEADLINE).until(() -> healthy("failover/b") == 1);
        int probesBefore = fakes.failoverB().probes();

        fakes.failoverB().dropNextProbes(1);

        // Probes run every 200 ms in tests: a server marked down would stay down until the next one.
        long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
        while (System.nanoTime() < until) {
            assertThat(healthy("failover/b")).isEqualTo(1);
        }
        assertThat(fakes.failoverB().probes()).isGreaterThanOrEqualTo(probesBefore + 3);
    }

    @Test
    void aRateLimitedDeploymentIsRetriedOnAnother() {
        fakes.openai().on("flaky-limited", Behaviors.json(429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}"));
        double retriesBefore = Metrics.scrape().value("llmaas_gateway_retries_total", "deployment", "flaky/limited",
                "reason", "status_429");

        for (int i = 0; i < 2; i++) {
            Requests.chat("flaky").then().statusCode(200).body("choices[0].message.content",
                    is("Hello from flaky-fine"));
        }

        int limitedCalls = fakes.openai().calls("flaky-limited");
        assertThat(limitedCalls).isPositive();
        assertThat(Metrics.scrape().value("llmaas_gateway_retries_total", "deployment", "flaky/limited", "reason",
                "status_429")).isEqualTo(retriesBefore + limitedCalls);
    }

    @Test
    void aModelWhoseDeploymentsAllFailFallsBackToItsFallbackModel() {
        fakes.openai().on("primary-broken",
                Behaviors.json(500, "{\"error\":{\"message\":\"GPU on fire\",\"type\":\"server_error\"}}"));
        double before = Metrics.scrape().value("llmaas_gateway_fallbacks_total", "model", "primary", "fallback",
                "backup");

        Requests.chat("primary").then().statusCode(200)
                .body("choices[0].message.content", is("Hello from backup-model"));

        assertThat(fakes.openai().calls("primary-broken")).isEqualTo(1);
        assertThat(Metrics.scrape().value("llmaas_gateway_fallbacks_total", "model", "primary", "fallback", "backup"))
                .isEqualTo(before + 1);
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndClosesAfterTheCooldown() {
        fakes.openai().on("breaker-model",
                Behaviors.json(500, "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}"));

        // The test profile opens a circuit after 4 calls of which at least half failed.
        for (int i = 0; i < 4; i++) {
            Requests.chat("breaker").then().statusCode(502).body("error.message", is("CUDA out of memory"));
        }
        await().atMost(DEADLINE).until(() -> circuit("breaker/1") == 2);
        int calls = fakes.openai().calls("breaker-model");

        // While open, the deployment is skipped: the request is refused without reaching the model server.
        Requests.chat("breaker").then().statusCode(503).body("error.code", is("model_unavailable"));
        assertThat(fakes.openai().calls("breaker-model")).isEqualTo(calls);

        // After the cooldown a trial request goes through; it succeeds, and the circuit closes.
        fakes.openai().on("breaker-model", Call::answerByDefault);
        await().atMost(DEADLINE).until(() -> Requests.chat("breaker").statusCode() == 200);
        assertThat(circuit("breaker/1")).isZero();
    }

    private static double healthy(String deployment) {
        return Metrics.scrape().value("llmaas_gateway_deployment_healthy", "deployment", deployment);
    }

    private static double circuit(String deployment) {
        return Metrics.scrape().value("llmaas_gateway_deployment_circuit_state", "deployment", deployment);
    }
}
