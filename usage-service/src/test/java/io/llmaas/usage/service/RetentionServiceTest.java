package io.llmaas.usage.service;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
class RetentionServiceTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    RetentionService retention;
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

    @Test
    void dropsRawPartitionsOlderThanTheWindowAndKeepsRollups() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant old = now.minus(45, ChronoUnit.DAYS);
        Instant older = now.minus(31, ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        Instant recent = now.minus(2, ChronoUnit.DAYS);
        ingest.ingest(batch(List.of(
                event("old-1", old, "key-a", "u", "t", "m", 10, 10, "1.5"),
                event("old-2", older, "key-a", "u", "t", "m", 10, 10, "2.5"),
                event("new-1", recent, "key-a", "u", "t", "m", 10, 10, "0.25"))));
        LocalDate oldDay = LocalDate.ofInstant(old, ZoneOffset.UTC);
        LocalDate olderDay = LocalDate.ofInstant(older, ZoneOffset.UTC);
        LocalDate recentDay = LocalDate.ofInstant(recent, ZoneOffset.UTC);
        assertThat(partitions.attachedDays()).contains(oldDay, olderDay, recentDay);

        RetentionService.Purge purge = retention.purge();

        assertThat(purge.droppedDays()).contains(oldDay, olderDay).doesNotContain(recentDay);
        assertThat(partitions.attachedDays()).doesNotContain(oldDay, olderDay).contains(recentDay);
        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM usage.event_key")).isEqualTo(1);
        assertThat(db.count("SELECT sum(requests) FROM usage.rollup_daily")).isEqualTo(3);
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.rollup_hourly")).isEqualByComparingTo("4.25");

        // A late event for a dropped day still lands (its partition is made again) and is counted once.
        ingest.ingest(batch(List.of(event("late-1", old.plusSeconds(60), "key-a", "u", "t", "m", 1, 1, "0.5"))));
        assertThat(db.count("SELECT count(*) FROM usage.usage_event_default")).isZero();
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.rollup_daily")).isEqualByComparingTo("4.75");
    }
}
