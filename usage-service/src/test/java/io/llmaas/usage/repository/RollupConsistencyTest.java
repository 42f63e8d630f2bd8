package io.llmaas.usage.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.usage.service.IngestService;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageEvents;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The rollups and the outbox are maintained by the ingest statement; they must equal what the raw rows say. */
@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class RollupConsistencyTest {

    static final String RAW_BY = """
            SELECT %s AS bucket, coalesce(key_id, '') k, coalesce(user_id, '') u, coalesce(team_id, '') t, model,
                   count(*) requests, sum(prompt_tokens) p, sum(completion_tokens) c, sum(cost_usd) cost,
                   count(*) FILTER (WHERE status >= 400) errors, count(*) FILTER (WHERE streamed) streamed,
                   count(*) FILTER (WHERE estimated) estimated
            FROM usage.usage_event GROUP BY 1, 2, 3, 4, 5""";
    static final String ROLLUP = """
            SELECT bucket, key_id, user_id, team_id, model, requests, prompt_tokens, completion_tokens, cost_usd,
                   errors, streamed, estimated FROM usage.%s""";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestService ingest;

    UsageTables db;

    @BeforeEach
    void clean() {
        db = new UsageTables(dataSource);
        db.truncateAll();
    }

    @Test
    void rollupsEqualRawSumsAfterConcurrentOverlappingBatches() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);
        List<UsageEvent> events = UsageEvents.spread("roll", 6000, start, 60);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<UsageBatch.Result>> sent = new ArrayList<>();
        long sentEvents = 0;
        for (int from = 0; from < events.size(); from += 400) {
            // Each batch overlaps the next one by 100 events, and runs concurrently with it (so concurrent batches
            // are written together, and an overlap can fall inside one such group).
            List<UsageEvent> slice = events.subList(from, Math.min(events.size(), from + 500));
            sentEvents += slice.size();
            sent.add(pool.submit(() -> ingest.ingest(UsageEvents.batch(slice))));
        }
        long accepted = 0;
        long duplicates = 0;
        for (Future<UsageBatch.Result> f : sent) {
            accepted += f.get().accepted();
            duplicates += f.get().duplicates();
        }
        pool.shutdown();

        assertThat(accepted).as("each request id accepted by exactly one batch").isEqualTo(6000);
        assertThat(duplicates).isEqualTo(sentEvents - 6000);
        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isEqualTo(6000);
        String hour = "date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
        String day = "date_trunc('day', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
        assertThat(symmetricDifference(RAW_BY.formatted(hour), ROLLUP.formatted("rollup_hourly"))).isZero();
        assertThat(symmetricDifference(RAW_BY.formatted(day), ROLLUP.formatted("rollup_daily"))).isZero();
        assertThat(db.count("SELECT count(*) FROM usage.rollup_hourly")).isGreaterThan(100);
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.settlement_pending")).isEqualByComparingTo(
                db.decimal("SELECT sum(cost_usd) FROM usage.usage_event WHERE key_id <> 'master'"));
        assertThat(db.count("SELECT sum(requests) FROM usage.settlement_pending"))
                .isEqualTo(db.count("SELECT count(*) FROM usage.usage_event WHERE key_id <> 'master'"));
    }

    long symmetricDifference(String a, String b) {
        return db.count("SELECT count(*) FROM ((" + a + " EXCEPT " + b + ") UNION ALL (" + b + " EXCEPT " + a
                + ")) d");
    }
}
