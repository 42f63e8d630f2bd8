package io.llmaas.usage.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of usage-service ({@code usage.*}). */
@ConfigMapping(prefix = "usage")
public interface UsageConfig {

    Ingest ingest();

    Partitions partitions();

    Retention retention();

    Settlement settlement();

    Alerts alerts();

    Export export();

    Metrics metrics();

    interface Ingest {

        /** Most events one {@code POST /internal/usage/events} may carry. */
        @WithDefault("10000")
        int maxBatchSize();

        /** How far in the future an event's timestamp may be (gateway clock skew); later ones are rejected. */
        @WithDefault("P1D")
        Duration maxClockSkew();

        /** How many times a batch is retried after a deadlock or serialization failure with a concurrent batch. */
        @WithDefault("3")
        int deadlockRetries();

        /**
         * Most events written in one transaction when batches arrive concurrently and are written together (group
         * commit); a single larger batch is still written whole.
         */
        @WithDefault("20000")
        int maxGroupEvents();
    }

    interface Partitions {

        /** Daily partitions of raw events are created this many days ahead of today (UTC). */
        @WithDefault("3")
        int daysAhead();

        /** How often the partitions ahead are created and stray rows moved out of the default partition. */
        @WithDefault("1h")
        String maintenanceEvery();
    }

    interface Retention {

        /** Raw event partitions older than this many days are dropped; rollups are kept. */
        @WithDefault("30")
        int rawDays();

        /** When the retention job runs (Quartz-style cron, UTC). */
        @WithDefault("0 17 3 * * ?")
        String cron();

        /** How long sent settlement batches are kept for inspection. */
        @WithDefault("P7D")
        Duration keepSentBatches();
    }

    interface Settlement {

        /** How often the outbox is shipped to keys-service. */
        @WithDefault("2s")
        String every();

        /** Most entries in one {@code SpendSettlement}. */
        @WithDefault("500")
        int batchSize();

        /** Wait before the first retry of a batch keys-service did not accept; doubles per attempt. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** Longest wait between two attempts of one batch. */
        @WithDefault("5m")
        Duration backoffMax();

        /** A batch being sent is claimed for this long, so another replica does not send it at the same time. */
        @WithDefault("1m")
        Duration claimTimeout();
    }

    interface Alerts {

        /** Where budget alerts are POSTed as JSON; without it alerts are recorded but not delivered. */
        Optional<URI> webhookUrl();

        /** How often due alert deliveries are attempted. */
        @WithDefault("5s")
        String every();

        /** Attempts before a delivery is given up (state FAILED). */
        @WithDefault("12")
        int maxAttempts();

        /** Wait before the first retry of a failed delivery; doubles per attempt. */
        @WithDefault("2s")
        Duration backoffInitial();

        /** Longest wait between two delivery attempts. */
        @WithDefault("10m")
        Duration backoffMax();

        /** Timeout of one webhook call. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Export {

        /** Rows fetched from PostgreSQL per round trip while streaming an export (bounded memory). */
        @WithDefault("2000")
        int fetchSize();
    }

    interface Metrics {

        /** Distinct model and team label values kept on the spend/token series; further ones are labelled "other". */
        @WithDefault("100")
        int maxLabelValues();
    }
}
