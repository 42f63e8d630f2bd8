package io.llmaas.usage.service;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p>Batches that arrive while a write is under way are written together in the next transaction (group commit, up
 * to {@code usage.ingest.max-group-events}): concurrent batches would otherwise queue on each other's locks of the same
 * rollup and outbox rows, and one statement over several batches aggregates their rollups and outbox entries into
 * fewer rows. Each batch still gets its own answer, and a group that fails is written again batch by batch, so a
 * batch only ever fails for its own reasons.
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
    /** Validated batches waiting for the writer, oldest first. */
    private final Deque<PendingWrite> waiting = new ArrayDeque<>();
    /** Held by the request thread that writes a group; the others wait here for their batch to be written. */
    private final ReentrantLock writer = new ReentrantLock();

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
        List<StoredGroup> stored = unique.isEmpty() ? List.of() : write(unique);
        int accepted = (int) stored.stream().mapToLong(StoredGroup::requests).sum();
        metrics.batchStored(stored, batch.events().size(), Duration.ofNanos(System.nanoTime() - started));
        return new UsageBatch.Result(accepted, batch.events().size() - accepted);
    }

    /** Queues the batch and writes groups of waiting batches until this one is written; answers its stored groups. */
    private List<StoredGroup> write(List<UsageEvent> unique) {
        PendingWrite mine = new PendingWrite(unique);
        synchronized (waiting) {
            waiting.add(mine);
        }
        while (!mine.result.isDone()) {
            writer.lock();
            try {
                if (!mine.result.isDone()) {
                    writeGroup(nextGroup());
                }
            } finally {
                writer.unlock();
            }
        }
        try {
            return mine.result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The oldest waiting batches, as many as fit in one group (always at least one). */
    private List<PendingWrite> nextGroup() {
        int limit = config.ingest().maxGroupEvents();
        List<PendingWrite> group = new ArrayList<>();
        int size = 0;
        synchronized (waiting) {
            while (!waiting.isEmpty() && (group.isEmpty() || size + waiting.peek().events.size() <= limit)) {
                PendingWrite next = waiting.poll();
                group.add(next);
                size += next.events.size();
            }
        }
        return group;
    }

    private void writeGroup(List<PendingWrite> group) {
        try {
            List<StoredGroup> stored = store(group);
            List<List<StoredGroup>> perBatch = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                perBatch.add(new ArrayList<>());
            }
            for (StoredGroup g : stored) {
                perBatch.get(g.batch()).add(g);
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result.complete(perBatch.get(i));
            }
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).result.completeExceptionally(e);
                return;
            }
            LOG.debugf("A group of %d batches failed (%s); writing them one by one", group.size(), e.getMessage());
            for (PendingWrite one : group) {
                try {
                    one.result.complete(store(List.of(one)));
                } catch (RuntimeException alone) {
                    one.result.completeExceptionally(alone);
                }
            }
        }
    }

    /**
     * Stores a group in one transaction: events of all its batches, each request id once (the first batch that
     * carries it stores it; for the others it is a duplicate), sorted by request id.
     */
    private List<StoredGroup> store(List<PendingWrite> group) {
        List<UsageEvent> merged;
        int[] batchOf;
        if (group.size() == 1) {
            merged = group.get(0).events;
            batchOf = new int[merged.size()];
        } else {
            Map<String, Integer> firstBatch = new HashMap<>();
            List<UsageEvent> all = new ArrayList<>();
            for (int b = 0; b < group.size(); b++) {
                for (UsageEvent e : group.get(b).events) {
                    if (firstBatch.putIfAbsent(e.requestId(), b) == null) {
                        all.add(e);
                    }
                }
            }
            all.sort(Comparator.comparing(UsageEvent::requestId));
            merged = all;
            batchOf = new int[all.size()];
            for (int i = 0; i < batchOf.length; i++) {
                batchOf[i] = firstBatch.get(all.get(i).requestId());
            }
        }
        for (int attempt = 0;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> events.insertNew(merged, batchOf));
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

    /** A validated batch (distinct request ids, sorted) and the answer its request thread waits for. */
    private static final class PendingWrite {

        final List<UsageEvent> events;
        final CompletableFuture<List<StoredGroup>> result = new CompletableFuture<>();

        PendingWrite(List<UsageEvent> events) {
            this.events = events;
        }
    }
}
