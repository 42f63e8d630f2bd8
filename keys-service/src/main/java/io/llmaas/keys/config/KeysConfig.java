package io.llmaas.keys.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** keys-service configuration ({@code keys.*}). Secrets come from environment variables fed by Kubernetes Secrets. */
@ConfigMapping(prefix = "keys")
public interface KeysConfig {

    /** The admin master key ({@code LLMAAS_MASTER_KEY}); when unset, only admin identities can manage. */
    Optional<String> masterKey();

    /** Bearer token of the internal APIs and of the portal's backend-for-frontend ({@code LLMAAS_SERVICE_TOKEN}). */
    @WithDefault("dev-only-CHANGE_ME")
    String serviceToken();

    /** Base64 AES-256 key encrypting upstream API keys at rest ({@code LLMAAS_ENCRYPTION_KEY}). */
    Optional<String> encryptionKey();

    /** Catalog seeding on first start. */
    Seed seed();

    /** The changes feed the gateways poll. */
    Changes changes();

    /** Shipping of audit records to admin-service. */
    Audit audit();

    /** Last-used timestamps of keys. */
    LastUsed lastUsed();

    /** Rate-limit and budget leases. */
    Leases leases();

    /** Budgets. */
    Budgets budgets();

    /** Gauges refreshed in the background. */
    Metrics metrics();

    interface Metrics {

        /** How often the database-backed gauges are refreshed (a scheduler interval). */
        @WithDefault("10s")
        String refreshEvery();
    }

    /** The "test connection" action on deployments. */
    Probe probe();

    interface Probe {

        /** Connect timeout towards a model backend. */
        @WithDefault("PT3S")
        Duration connectTimeout();

        /** Whole-request timeout towards a model backend. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Seed {

        /** Seed the catalog from {@link #resource()} when the catalog is empty at start. */
        @WithDefault("true")
        boolean enabled();

        /** Classpath resource in LiteLLM {@code config.yaml} format. */
        @WithDefault("seed/litellm-config.yaml")
        String resource();

        /** Value of {@code os.environ/LLMAAS_OLLAMA_URL_1} in the seed file. */
        @WithName("ollama-url-1")
        @WithDefault("http://hx-llm01-server.dev-test.hana-x.ai:11434")
        String ollamaUrl1();

        /** Value of {@code os.environ/LLMAAS_OLLAMA_URL_2} in the seed file. */
        @WithName("ollama-url-2")
        @WithDefault("http://hx-llm02-server.dev-test.hana-x.ai:11434")
        String ollamaUrl2();
    }

    interface Changes {

        /** How long change-log entries are kept; an older cursor is answered with {@code reset=true}. */
        @WithDefault("PT1H")
        Duration retention();

        /** How often expired entries are purged (a scheduler interval such as {@code 60s}). */
        @WithDefault("60s")
        String purgeEvery();

        /** Largest page of the changes feed. */
        @WithDefault("1000")
        int maxLimit();
    }

    interface Audit {

        /** How often the outbox is shipped (a scheduler interval such as {@code 5s}). */
        @WithDefault("5s")
        String shipEvery();

        /** Records shipped to admin-service per call. */
        @WithDefault("200")
        int batchSize();

        /** First retry delay after admin-service refused or was unreachable; doubles per attempt. */
        @WithDefault("PT5S")
        Duration retryDelay();

        /** Longest retry delay. */
        @WithDefault("PT5M")
        Duration maxRetryDelay();
    }

    interface LastUsed {

        /** Last-used times are kept in memory and written at most this often (never on every verify). */
        @WithDefault("PT30S")
        Duration flushInterval();
    }

    interface Leases {

        /** Length of the RPM/TPM sliding window. */
        @WithDefault("PT60S")
        Duration window();

        /** A RPM/TPM slice must be used within this time; unused amounts then return to the window. */
        @WithDefault("PT5S")
        Duration ttl();

        /** Percent of a limit all gateways together may hold as slices at once. */
        @WithDefault("5")
        int slicePercent();

        /** PARALLEL slots expire unless renewed within this time. */
        @WithDefault("PT30S")
        Duration parallelTtl();

        /** BUDGET leases expire after this time (or at the budget period end, if earlier). */
        @WithDefault("PT60S")
        Duration budgetTtl();

        /** An expired, unreleased BUDGET lease stays reserved this long (its gateway may have died mid-request). */
        @WithDefault("PT10M")
        Duration budgetHold();

        /** How often closed leases are purged (a scheduler interval). */
        @WithDefault("60s")
        String purgeEvery();

        /** Closed leases are deleted after this time (BUDGET leases once their spend is settled or the hold passed). */
        @WithDefault("PT1H")
        Duration purgeAfter();
    }

    interface Budgets {

        /** Thresholds in percent of max budget reported as crossings when a budget lists none of its own. */
        @WithDefault("80,90,100")
        List<Integer> defaultThresholds();

        /** Spend-settlement batch ids are remembered this long for idempotency. */
        @WithDefault("P7D")
        Duration batchRetention();
    }
}
