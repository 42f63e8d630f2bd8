package io.llmaas.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's typed configuration ({@code gateway.*}). Deployments, timeouts per deployment and prices live in the
 * routing file ({@link Routing#file()}); this is what applies to the gateway as a whole.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** How the gateway runs. */
    enum Mode {
        /** Alone: the routing file, the master key only, no usage delivery. */
        STANDALONE,
        /** With keys-service (virtual keys, routing, limits, budgets) and usage-service (usage events). */
        PLATFORM
    }

    /**
     * {@code platform} (keys-service and usage-service, as the platform runs it) or {@code standalone} (the routing
     * file and the master key only). Set by {@code LLMAAS_GATEWAY_MODE}.
     */
    @WithDefault("platform")
    Mode mode();

    /**
     * This replica's id in leases and usage events; unset: the host name plus a random suffix, so two processes on
     * one host never share one (a gateway's new lease supersedes its own earlier one).
     */
    Optional<String> id();

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

    /**
     * Start, send this gateway one request of each kind, and exit: the training start that builds the image's class
     * archive (src/main/docker/appcds-archive.sh). Never set on a serving gateway.
     */
    @WithDefault("false")
    boolean trainingRun();

    /** Virtual keys: the local cache of key principals and the verification of unknown keys. */
    Auth auth();

    /** The changes feed of keys-service, polled for key and catalog changes. */
    Changes changes();

    /** Rate limits from leases. */
    Limits limits();

    /** Budget reservation from leases. */
    Budget budget();

    /** Usage events to usage-service. */
    Metering metering();

    /** Prometheus metrics. */
    Metrics metrics();

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

        /**
         * Connections per model server (per host and port): the most requests in flight to it, streams included
         * (more wait up to the connect timeout for a connection).
         */
        @WithDefault("4096")
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

    interface Auth {

        /** Most key principals kept in memory; the least used are evicted first. */
        @WithDefault("100000")
        int cacheSize();

        /** How long an unknown key is answered 401 without asking keys-service again. */
        @WithDefault("5s")
        Duration negativeTtl();

        /** Most verifications in flight at once; a miss beyond that is answered 503 at once. */
        @WithDefault("16")
        int maxConcurrentVerifications();
    }

    interface Changes {

        /** Time between two polls of keys-service's changes feed. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** Most changes read per poll. */
        @WithDefault("500")
        int batchSize();
    }

    interface Limits {

        /**
         * Completion tokens assumed for a request without {@code max_tokens}, for TPM and budget reservations (the
         * actual count is settled afterwards).
         */
        @WithDefault("1024")
        int defaultMaxTokens();

        /** How long a scope keys-service refused is refused locally before asking again (capped by its Retry-After). */
        @WithDefault("1s")
        Duration denialCache();

        /** Max-parallel slots not used for this long are handed back, so other replicas can take them. */
        @WithDefault("1s")
        Duration parallelIdleRelease();

        /** A lease is used locally until this long before keys-service's expiry, leaving time to report it. */
        @WithDefault("1s")
        Duration expiryMargin();

        /** How often consumption is reported and slices are renewed or released. */
        @WithDefault("250ms")
        Duration maintainEvery();
    }

    interface Budget {

        /**
         * A budget lease asks for this many worst-case requests' worth at first (keys-service may grant less); a busy
         * key's leases double while they last less than a second, keep their size while they last up to 5 s, and
         * halve for every 5 s the key is quiet.
         */
        @WithDefault("20")
        int sliceRequests();

        /** A budget lease without reservations for this long is released, giving its rest back. */
        @WithDefault("5s")
        Duration idleRelease();
    }

    interface Metering {

        /**
         * Events per batch sent to usage-service (a batch goes out when this many wait, or after the interval). Each
         * send is a REST call on the gateway's CPU and a transaction in usage-service: with 500 a gateway at 8,000
         * req/s sent 16 a second, and their CPU showed in the tail of its requests (bench/ANALYSIS.md). Below 2,000
         * requests a second the interval sends first, so this changes nothing there.
         */
        @WithDefault("2000")
        int batchSize();

        /**
         * Most events per batch when more wait than one batch holds (usage-service takes up to 10,000): a backlog goes
         * out in fewer, larger batches, each a round trip and a transaction less.
         */
        @WithDefault("5000")
        int maxBatchSize();

        /**
         * Events kept in memory at most while earlier batches are on their way; beyond it the batches go to the spool
         * on disk, and usage-service gets them from there, in order. Checked between two sends, so a send that hangs
         * until its timeout can let the queue pass it by what arrives meanwhile.
         */
        @WithDefault("20000")
        int maxQueued();

        /** Longest time an event waits in memory before its batch is sent. */
        @WithDefault("1s")
        Duration flushInterval();

        /** Where batches go while usage-service is unreachable (append-only files, replayed in order). */
        @WithDefault("${java.io.tmpdir}/llmaas-gateway-spool")
        String spoolDir();

        /** A spool file is closed and a new one started past this size (a replay holds one file's lines in memory). */
        @WithDefault("4M")
        MemorySize spoolFileSize();
    }

    interface Metrics {

        /** Per-key spend and token series (one series per key: enable only with a bounded number of keys). */
        @WithDefault("false")
        boolean perKey();
    }
}
