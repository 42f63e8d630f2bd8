package io.llmaas.keys.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.internal.AuditRecord;
import io.llmaas.keys.client.AdminClient;
import io.llmaas.keys.config.KeysConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Ships the audit outbox to admin-service in batches. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * several keys-service replicas never send the same record twice at once; a failed batch is retried with backoff.
 */
@ApplicationScoped
public class AuditShipper {

    private final EntityManager em;
    private final AdminClient admin;
    private final ObjectMapper json;
    private final Clock clock;
    private final KeysConfig config;

    public AuditShipper(EntityManager em, AdminClient admin, ObjectMapper json, Clock clock, KeysConfig config) {
        this.em = em;
        this.admin = admin;
        this.json = json;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(every = "${keys.audit.ship-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledShip() {
        while (shipBatch() == config.audit().batchSize()) {
            // a full batch went out: there may be more waiting
        }
    }

    /** Sends one batch; answers how many records admin-service took. */
    @Transactional
    public int shipBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, cast(record as text), attempts from keys.audit_outbox "
                + "where next_attempt_at <= ?1 order by created_at, id limit ?2 for update skip locked")
                .setParameter(1, now).setParameter(2, config.audit().batchSize()).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<AuditRecord> records = new ArrayList<>(rows.size());
        List<String> ids = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ids.add((String) row[0]);
            try {
                records.add(json.readValue((String) row[1], AuditRecord.class));
            } catch (IOException e) {
                throw new IllegalStateException("Unreadable audit outbox row " + row[0], e);
            }
        }
        if (admin.deliver(records)) {
            em.createNativeQuery("delete from keys.audit_outbox where id in (?1)").setParameter(1, ids)
                    .executeUpdate();
            return records.size();
        }
        int attempts = ((Number) rows.get(0)[2]).intValue() + 1;
        Duration delay = config.audit().retryDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
        if (delay.compareTo(config.audit().maxRetryDelay()) > 0) {
            delay = config.audit().maxRetryDelay();
        }
        em.createNativeQuery("update keys.audit_outbox set attempts = attempts + 1, next_attempt_at = ?1 "
                + "where id in (?2)").setParameter(1, now.plus(delay)).setParameter(2, ids).executeUpdate();
        return 0;
    }

    public long backlog() {
        return ((Number) em.createNativeQuery("select count(*) from keys.audit_outbox").getSingleResult())
                .longValue();
    }
}
