package io.llmaas.keys.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges read from the database: the changes-feed head and the audit outbox backlog. They are refreshed in the
 * background, so a scrape never queries the database. Lease grants/denials and verify calls are counters where they
 * happen.
 */
@ApplicationScoped
public class KeysMetrics {

    private final AtomicLong changesHead = new AtomicLong();
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final ChangeLog changes;
    private final AuditShipper shipper;

    public KeysMetrics(MeterRegistry registry, ChangeLog changes, AuditShipper shipper) {
        this.changes = changes;
        this.shipper = shipper;
        Gauge.builder("llmaas_keys_changes_head", changesHead, AtomicLong::get)
                .description("Sequence number of the newest changes-feed entry").register(registry);
        Gauge.builder("llmaas_keys_audit_outbox_backlog", outboxBacklog, AtomicLong::get)
                .description("Audit records waiting to be shipped to admin-service").register(registry);
    }

    @Scheduled(every = "${keys.metrics.refresh-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        changesHead.set(changes.head());
        outboxBacklog.set(shipper.backlog());
    }
}
