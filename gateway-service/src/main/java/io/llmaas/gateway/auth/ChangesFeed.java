package io.llmaas.gateway.auth;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.ChangeFeed;
import io.llmaas.gateway.client.KeysClient;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.routing.ModelCatalog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Polls keys-service's changes feed (every {@code gateway.changes.poll-interval}, 500 ms by default) so that every
 * replica learns of changed keys and catalog changes within about a second: a KEY change refreshes that key's cached
 * principal in the background (or drops it), a ROUTING change reloads the routing table, and a reset (the gateway
 * fell behind the feed's history) drops every cached key and reloads the table. The cursor starts at the routing
 * table's version, which is the feed's head when the table was read, so nothing between the two is missed. While no
 * routing table could be loaded yet (keys-service was down at start), each tick tries to load it.
 */
@ApplicationScoped
public class ChangesFeed {

    private static final Logger LOG = Logger.getLogger(ChangesFeed.class);

    private final KeysClient keys;
    private final KeyCache cache;
    private final ModelCatalog catalog;
    private final GatewayConfig config;
    private ScheduledExecutorService poller;
    private long cursor = -1;
    private boolean failing;

    ChangesFeed(KeysClient keys, KeyCache cache, ModelCatalog catalog, GatewayConfig config) {
        this.keys = keys;
        this.cache = cache;
        this.catalog = catalog;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.mode() != GatewayConfig.Mode.PLATFORM) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "llmaas-changes-feed");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.changes().pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** One poll: reads the feed until it is caught up. Runs on the poller thread only. */
    void poll() {
        try {
            if (!catalog.loaded()) {
                catalog.reload();
                cursor = catalog.snapshot().version();
            }
            ChangeFeed feed;
            do {
                feed = keys.changes(cursor, config.changes().batchSize());
                apply(feed);
            } while (feed.changes() != null && feed.changes().size() >= config.changes().batchSize());
            if (failing) {
                failing = false;
                LOG.info("keys-service answers again; following its changes feed");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("keys-service's changes feed cannot be read (%s); serving from what the gateway has",
                        e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private void apply(ChangeFeed feed) {
        if (feed.reset()) {
            LOG.info("The changes feed was reset: dropping every cached key and reloading the routing table");
            cache.invalidateAll();
            catalog.reload();
            cursor = feed.cursor();
            return;
        }
        boolean routing = false;
        for (ChangeFeed.Change change : feed.changes()) {
            if (change.kind() == ChangeFeed.Kind.KEY && change.keyHash() != null) {
                cache.refresh(change.keyHash());
            } else if (change.kind() == ChangeFeed.Kind.ROUTING) {
                routing = true;
            }
        }
        if (routing) {
            catalog.reload();
        }
        cursor = feed.cursor();
    }
}
