package io.llmaas.usage.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.PartitionRepository;
import io.llmaas.usage.repository.SettlementRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Drops raw event partitions older than {@code usage.retention.raw-days} (a partition drop, not a mass delete, so it
 * costs nothing however many rows it held), along with the request ids kept for idempotency over the same window.
 * Rollups are kept: analytics over any range keep working after the raw rows are gone.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    private static final int EVENT_KEYS_PER_TRANSACTION = 50_000;

    private final PartitionService partitions;
    private final PartitionRepository partitionRows;
    private final SettlementRepository outbox;
    private final UsageConfig config;
    private final Clock clock;

    RetentionService(PartitionService partitions, PartitionRepository partitionRows, SettlementRepository outbox,
            UsageConfig config, Clock clock) {
        this.partitions = partitions;
        this.partitionRows = partitionRows;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** What one run removed. */
    public record Purge(LocalDate keepFrom, List<LocalDate> droppedDays, long eventKeysDeleted) {
    }

    @Scheduled(cron = "${usage.retention.cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        purge();
    }

    /** Drops what is older than the retention window. */
    public Purge purge() {
        Instant now = clock.instant();
        LocalDate keepFrom = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(config.retention().rawDays());
        Instant cutoff = keepFrom.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<LocalDate> dropped = partitions.attachedDays().stream().filter(day -> day.isBefore(keepFrom)).toList();
        dropped.forEach(partitions::drop);
        QuarkusTransaction.requiringNew().call(() -> partitionRows.deleteDefaultRowsBefore(cutoff));
        long keys = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew()
                    .call(() -> partitionRows.deleteEventKeysBefore(cutoff, EVENT_KEYS_PER_TRANSACTION));
            keys += deleted;
        } while (deleted == EVENT_KEYS_PER_TRANSACTION);
        QuarkusTransaction.requiringNew()
                .call(() -> outbox.deleteSentBefore(now.minus(config.retention().keepSentBatches())));
        if (!dropped.isEmpty()) {
            LOG.infof("Retention dropped raw usage partitions %s (keeping from %s)", dropped, keepFrom);
        }
        return new Purge(keepFrom, dropped, keys);
    }
}
