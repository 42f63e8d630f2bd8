package io.llmaas.gateway.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's typed configuration ({@code gateway.*}). Deployments, timeouts per deployment and prices live in the
 * routing file ({@link Routing#file()}); this is what applies to the gateway as a whole.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * The admin master key, accepted as {@code Authorization: Bearer <key>}. No default on purpose: production must
     * set {@code LLMAAS_MASTER_KEY}; the dev and test profiles set a fake one in application.properties.
     */
    String masterKey();

    /** Largest request body accepted; a larger one is answered 413. Keep it below quarkus.http.limits.max-body-size. */
    @WithDefault("16M")
    MemorySize maxRequestBody();

    /** Where models and deployments come from. */
    Routing routing();

    /** How the gateway talks to model servers. */
    Upstream upstream();

    /** Active health checks of the model servers. */
    HealthCheck healthCheck();

    /** The circuit breaker every deployment gets. */
    CircuitBreaker circuitBreaker();

    /** The built-in demo backend ({@code backend: mock}). */
    Mock mock();

    interface Routing {

        /**
         * The routing file: YAML in the gateway's format or LiteLLM's {@code config.yaml} ({@code model_list}); a
         * {@code classpath:} prefix reads it from the application's resources.
         */
        @WithDefault("classpath:gateway-routing.yaml")
        String file();

        /** How many more deployments a request may try after the first one failed (per alias, fallbacks included). */
        @WithDefault("2")
        int retries();
    }

    interface Upstream {

        /** Time to get a connection to a model server (default for deployments that set none). */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time from sending a request to the first byte of the answer: model loading counts here. */
        @WithDefault("120s")
        Duration firstByteTimeout();

        /** Longest silence between two chunks of an answer once it started. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Keep-alive connections per model server (per host and port). */
        @WithDefault("256")
        int maxConnectionsPerHost();

        /** How long an idle keep-alive connection stays open. */
        @WithDefault("60s")
        Duration keepAliveTimeout();
    }

    interface HealthCheck {

        /** Whether model servers are probed in the background; down ones are skipped until a probe succeeds. */
        @WithDefault("true")
        boolean enabled();

        /** Time between two probes of one model server. */
        @WithDefault("10s")
        Duration interval();

        /** A probe that takes longer counts as a failure. */
        @WithDefault("3s")
        Duration timeout();
    }

    interface CircuitBreaker {

        /** Size of the rolling window of calls the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Share of failed calls in the window (connect errors, timeouts, 5xx, 429) that opens the circuit. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open circuit keeps the deployment out before a trial call (the cooldown). */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls needed to close the circuit again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface Mock {

        /** Time the demo model "thinks" before its first token. */
        @WithDefault("100ms")
        Duration latency();

        /** Streaming speed of the demo model, in tokens (words) per second. */
        @WithDefault("40")
        int tokensPerSecond();
    }
}
