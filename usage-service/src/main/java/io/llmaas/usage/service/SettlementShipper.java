package io.llmaas.usage.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.SpendSettlement;
import io.llmaas.usage.client.KeysClient;
import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.SettlementRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Ships the settlement outbox to keys-service: pending spend is frozen into batches with a fixed id, and each batch
 * is sent until keys-service accepts it (it is idempotent by batch id, so a batch whose answer got lost is sent again
 * harmlessly). While keys-service is down the outbox simply grows, with exponential backoff per batch. The crossings
 * keys-service answers become budget alerts in the same transaction that marks the batch sent.
 */
@ApplicationScoped
public class SettlementShipper {

    private static final Logger LOG = Logger.getLogger(SettlementShipper.class);
    private static final int BATCHES_PER_RUN = 50;

    private final SettlementRepository outbox;
    private final KeysClient keys;
    private final AlertService alerts;
    private final UsageMetrics metrics;
    private final UsageConfig config;
    private final Clock clock;

    SettlementShipper(SettlementRepository outbox, KeysClient keys, AlertService alerts, UsageMetrics metrics,
            UsageConfig config, Clock clock) {
        this.outbox = outbox;
        this.keys = keys;
        this.alerts = alerts;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** What one run did. */
    public record Run(int batchesMade, int sent, int failed) {
    }

    @Scheduled(every = "${usage.settlement.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void shipOnSchedule() {
        ship();
    }

    /** Freezes pending spend into batches and sends every due batch once. */
    public Run ship() {
        int made = 0;
        while (made < BATCHES_PER_RUN && freezeOne()) {
            made++;
        }
        int sent = 0;
        int failed = 0;
        List<String> due = QuarkusTransaction.requiringNew().call(() -> outbox.due(clock.instant(), BATCHES_PER_RUN));
        for (String batchId : due) {
            Optional<Boolean> result = send(batchId);
            if (result.isPresent()) {
                if (result.get()) {
                    sent++;
                } else {
                    failed++;
                }
            }
        }
        metrics.settlementBacklog(QuarkusTransaction.requiringNew().call(outbox::backlog));
        return new Run(made, sent, failed);
    }

    private boolean freezeOne() {
        String batchId = "stl_" + UUID.randomUUID().toString().replace("-", "");
        return QuarkusTransaction.requiringNew()
                .call(() -> outbox.freeze(batchId, config.settlement().batchSize(), clock.instant())) > 0;
    }

    /** @return empty if another replica had the batch, else whether keys-service accepted it */
    private Optional<Boolean> send(String batchId) {
        Instant now = clock.instant();
        Instant claimUntil = now.plus(config.settlement().claimTimeout());
        Optional<Integer> attempt = QuarkusTransaction.requiringNew()
                .call(() -> outbox.claim(batchId, now, claimUntil));
        if (attempt.isEmpty()) {
            return Optional.empty();
        }
        List<SpendSettlement.Entry> entries = QuarkusTransaction.requiringNew().call(() -> outbox.entries(batchId));
        SpendSettlement.Result result;
        try {
            result = keys.settle(new SpendSettlement(batchId, entries));
        } catch (RuntimeException e) {
            Duration backoff = Backoff.after(attempt.get(), config.settlement().backoffInitial(),
                    config.settlement().backoffMax());
            String error = describe(e);
            QuarkusTransaction.requiringNew()
                    .call(() -> outbox.markFailed(batchId, error, clock.instant().plus(backoff)));
            metrics.settlementBatch("failed");
            LOG.warnf("Settlement batch %s not accepted by keys-service (attempt %d, next in %s): %s", batchId,
                    attempt.get(), backoff, error);
            return Optional.of(false);
        }
        List<SpendSettlement.BudgetCrossing> crossings = result == null || result.crossings() == null ? List.of()
                : result.crossings();
        QuarkusTransaction.requiringNew().call(() -> {
            outbox.markSent(batchId, clock.instant());
            return alerts.record(crossings);
        });
        metrics.settlementBatch("sent");
        return Optional.of(true);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
