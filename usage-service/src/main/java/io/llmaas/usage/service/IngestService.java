package io.llmaas.usage.service;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.UsageEventRepository;
import io.llmaas.usage.repository.UsageEventRepository.StoredGroup;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Ingests a gateway's batch: validates all of it, makes sure every day it touches has a partition, then stores the
 * new events, their rollups and their settlement entries in one transaction. Idempotent by request id, so a gateway
 * replaying its spool (or a batch that overlaps an earlier one) never counts anything twice.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");

    private final UsageEventValidator validator;
    private final PartitionService partitions;
    private final UsageEventRepository events;
    private final UsageMetrics metrics;
    private final UsageConfig config;
    private final Clock clock;

    IngestService(UsageEventValidator validator, PartitionService partitions, UsageEventRepository events,
            UsageMetrics metrics, UsageConfig config, Clock clock) {
        this.validator = validator;
        this.partitions = partitions;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    public UsageBatch.Result ingest(UsageBatch batch) {
        long started = System.nanoTime();
        validator.validate(batch);
        Instant now = clock.instant();
        List<UsageEvent> unique = distinctSortedByRequestId(batch.events());
        Set<LocalDate> days = new TreeSet<>();
        for (UsageEvent e : unique) {
            days.add(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC));
            metrics.lag(Duration.between(e.timestamp(), now));
        }
        partitions.ensure(days);
        List<StoredGroup> stored = unique.isEmpty() ? List.of() : store(unique);
        int accepted = (int) stored.stream().mapToLong(StoredGroup::requests).sum();
        metrics.batchStored(stored, batch.events().size(), Duration.ofNanos(System.nanoTime() - started));
        return new UsageBatch.Result(accepted, batch.events().size() - accepted);
    }

    private List<StoredGroup> store(List<UsageEvent> unique) {
        for (int attempt = 0;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> events.insertNew(unique));
            } catch (RuntimeException e) {
                if (attempt >= config.ingest().deadlockRetries() || !retryable(e)) {
                    throw e;
                }
                LOG.debugf("Ingest batch collided with a concurrent one (%s); retrying", e.getMessage());
            }
        }
    }

    /** Keeps the first event of each request id and sorts them, so concurrent batches lock rows in one order. */
    static List<UsageEvent> distinctSortedByRequestId(List<UsageEvent> events) {
        Map<String, UsageEvent> byId = new LinkedHashMap<>();
        for (UsageEvent e : events) {
            byId.putIfAbsent(e.requestId(), e);
        }
        List<UsageEvent> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparing(UsageEvent::requestId));
        return sorted;
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
