package io.llmaas.keys.service;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

/**
 * Last-used times of keys. A verify only notes the time in memory; the notes are written in one statement per key at
 * most every {@code keys.last-used.flush-interval}, so verification never writes to the database.
 */
@ApplicationScoped
public class KeyUsageTracker {

    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final EntityManager em;

    public KeyUsageTracker(EntityManager em) {
        this.em = em;
    }

    public void used(String keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "${keys.last-used.flush-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush();
    }

    /** Writes what was noted; answers how many keys were updated. */
    @Transactional
    public int flush() {
        int updated = 0;
        for (String keyId : pending.keySet()) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                updated += em.createNativeQuery("update keys.virtual_keys set last_used_at = ?1 where id = ?2 "
                        + "and (last_used_at is null or last_used_at < ?1)")
                        .setParameter(1, at).setParameter(2, keyId).executeUpdate();
            }
        }
        return updated;
    }
}
