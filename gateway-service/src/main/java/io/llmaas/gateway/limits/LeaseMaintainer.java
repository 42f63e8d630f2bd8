package io.llmaas.gateway.limits;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.gateway.budget.BudgetGuard;
import io.llmaas.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The background side of leases, off the request path: every {@code gateway.limits.maintain-every} it lets every
 * slice report its consumption, close what expired, renew or shrink max-parallel slots and release idle budget
 * leases, then sends the queued reports in one call. At shutdown everything held is released.
 */
@ApplicationScoped
public class LeaseMaintainer {

    private static final Logger LOG = Logger.getLogger(LeaseMaintainer.class);

    private final RateLimiter limits;
    private final BudgetGuard budgets;
    private final LeaseChannel channel;
    private final GatewayConfig config;
    private ScheduledExecutorService timer;

    LeaseMaintainer(RateLimiter limits, BudgetGuard budgets, LeaseChannel channel, GatewayConfig config) {
        this.limits = limits;
        this.budgets = budgets;
        this.channel = channel;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.mode() != GatewayConfig.Mode.PLATFORM) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "llmaas-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.limits().maintainEvery().toMillis();
        timer.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Far in the future: everything idle is handed back now rather than when it expires.
        long later = System.currentTimeMillis() + 3_600_000;
        limits.maintain(later);
        budgets.maintain(later);
        channel.flush();
    }

    void maintain() {
        try {
            long now = System.currentTimeMillis();
            limits.maintain(now);
            budgets.maintain(now);
            channel.flush();
        } catch (RuntimeException e) {
            LOG.error("Lease upkeep failed; retrying on the next tick", e);
        }
    }
}
