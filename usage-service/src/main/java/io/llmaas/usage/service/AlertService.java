package io.llmaas.usage.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.SpendSettlement.BudgetCrossing;
import io.llmaas.usage.client.AlertWebhookClient;
import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.BudgetAlert;
import io.llmaas.usage.repository.BudgetAlert.DeliveryState;
import io.llmaas.usage.repository.BudgetAlertRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Budget alerts: keys-service reports threshold crossings in its settlement answers; each becomes one alert per
 * budget, period and threshold (a crossing reported again is ignored), delivered to the webhook by an outbox with
 * exponential backoff. The HTTP call happens outside any transaction; a claim keeps replicas from sending twice.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
    private static final int DELIVERIES_PER_RUN = 100;

    private final BudgetAlertRepository alerts;
    private final AlertWebhookClient webhook;
    private final UsageMetrics metrics;
    private final UsageConfig config;
    private final Clock clock;

    AlertService(BudgetAlertRepository alerts, AlertWebhookClient webhook, UsageMetrics metrics, UsageConfig config,
            Clock clock) {
        this.alerts = alerts;
        this.webhook = webhook;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Records crossings in the caller's transaction.
     *
     * @return how many were new
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int record(List<BudgetCrossing> crossings) {
        DeliveryState initial = config.alerts().webhookUrl().isPresent() ? DeliveryState.PENDING
                : DeliveryState.NO_WEBHOOK;
        Instant now = clock.instant();
        int fresh = 0;
        for (BudgetCrossing crossing : crossings) {
            if (crossing.budgetId() == null || crossing.periodStart() == null || crossing.threshold() == null) {
                LOG.warnf("Ignoring a budget crossing without budget id, period or threshold: %s", crossing);
                continue;
            }
            if (alerts.insertOnce(crossing, initial, now)) {
                fresh++;
            }
        }
        return fresh;
    }

    @Transactional
    public List<AlertView> list(BudgetAlertRepository.Filter filter) {
        return alerts.list(filter).stream().map(AlertView::from).toList();
    }

    @Scheduled(every = "${usage.alerts.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverOnSchedule() {
        deliverDue();
    }

    /** Attempts every due delivery once; answers how many were delivered. */
    public int deliverDue() {
        Optional<URI> url = config.alerts().webhookUrl();
        if (url.isEmpty()) {
            return 0;
        }
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> alerts.due(clock.instant(), DELIVERIES_PER_RUN));
        int delivered = 0;
        for (UUID id : due) {
            if (deliver(id, url.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean deliver(UUID id, URI url) {
        Instant now = clock.instant();
        Instant claimUntil = now.plus(config.alerts().timeout()).plusSeconds(30);
        Optional<AlertView> claimed = QuarkusTransaction.requiringNew().call(() -> alerts.claim(id, now, claimUntil)
                ? Optional.of(AlertView.from(alerts.findById(id)))
                : Optional.empty());
        if (claimed.isEmpty()) {
            return false;
        }
        AlertView alert = claimed.get();
        try {
            webhook.post(url, alert);
        } catch (AlertWebhookClient.DeliveryFailed e) {
            failed(id, alert.attempts(), e.getMessage());
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            BudgetAlert a = alerts.findById(id);
            a.deliveryState = DeliveryState.DELIVERED;
            a.deliveredAt = clock.instant();
            a.lastError = null;
        });
        metrics.alertDelivery("delivered");
        return true;
    }

    private void failed(UUID id, int attempts, String error) {
        boolean giveUp = attempts >= config.alerts().maxAttempts();
        Duration backoff = Backoff.after(attempts, config.alerts().backoffInitial(), config.alerts().backoffMax());
        QuarkusTransaction.requiringNew().run(() -> {
            BudgetAlert a = alerts.findById(id);
            a.lastError = error;
            if (giveUp) {
                a.deliveryState = DeliveryState.FAILED;
            } else {
                a.nextAttemptAt = clock.instant().plus(backoff);
            }
        });
        metrics.alertDelivery(giveUp ? "gave_up" : "failed");
        LOG.warnf("Budget alert %s not delivered (attempt %d%s): %s", id, attempts, giveUp ? ", giving up" : "",
                error);
    }
}
