package io.llmaas.usage.service;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class PartitionServiceTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PartitionService partitions;
    @Inject
    IngestService ingest;

    UsageTables db;

    @BeforeEach
    void clean() {
        db = new UsageTables(dataSource);
        db.truncateAll();
    }

    static Instant at(String day, int hour) {
        return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant();
    }

    long rowsIn(String table) {
        return db.count("SELECT count(*) FROM usage." + table);
    }

    @Test
    void daysAheadArePreparedAtStart() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(partitions.attachedDays()).contains(today, today.plusDays(1), today.plusDays(3));
    }

    @Test
    void aBatchSpanningUnpreparedDaysCreatesTheirPartitionsAndNothingLandsInDefault() {
        assertThat(partitions.attachedDays()).doesNotContain(LocalDate.parse("2024-02-28"),
                LocalDate.parse("2024-02-29"), LocalDate.parse("2024-03-01"));

        ingest.ingest(batch(List.of(
                event("p1", at("2024-02-28", 23), "key-a", "u", null, "m", 1, 1, "0.1"),
                event("p2", at("2024-02-29", 0), "key-a", "u", null, "m", 1, 1, "0.1"),
                event("p3", at("2024-02-29", 12), "key-a", "u", null, "m", 1, 1, "0.1"),
                event("p4", at("2024-03-01", 5), "key-a", "u", null, "m", 1, 1, "0.1"))));

        assertThat(partitions.attachedDays()).contains(LocalDate.parse("2024-02-28"), LocalDate.parse("2024-02-29"),
                LocalDate.parse("2024-03-01"));
        assertThat(rowsIn("usage_event_p20240228")).isEqualTo(1);
        assertThat(rowsIn("usage_event_p20240229")).isEqualTo(2);
        assertThat(rowsIn("usage_event_p20240301")).isEqualTo(1);
        assertThat(rowsIn("usage_event_default")).isZero();
        assertThat(rowsIn("rollup_daily")).isEqualTo(3);
    }

    @Test
    void rowsThatFellIntoTheDefaultPartitionAreMovedToTheirDayByMaintenance() {
        // As if another replica had dropped the day while this one still believed it existed.
        db.execute("INSERT INTO usage.usage_event (request_id, ts, model, prompt_tokens, completion_tokens, cost_usd, "
                + "status, latency_ms, streamed, estimated) VALUES ('stray', '2023-07-04T10:00:00Z', 'm', 1, 1, 0.5, "
                + "200, 10, false, false)");
        assertThat(rowsIn("usage_event_default")).isEqualTo(1);

        partitions.maintain();

        assertThat(partitions.attachedDays()).contains(LocalDate.parse("2023-07-04"));
        assertThat(rowsIn("usage_event_default")).isZero();
        assertThat(rowsIn("usage_event_p20230704")).isEqualTo(1);
    }
}
