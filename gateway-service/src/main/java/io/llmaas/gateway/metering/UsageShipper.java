package io.llmaas.gateway.metering;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.gateway.client.InternalHttp.InternalCallException;
import io.llmaas.gateway.client.UsageClient;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.config.GatewayIdentity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers usage events to usage-service off the request path: a request writes its event as JSON into an in-memory
 * queue once its answer is written (a microsecond or two, and never a call); one thread sends them in batches
 * ({@code gateway.metering.batch-size} events, or whatever arrived within {@code flush-interval}). A batch
 * usage-service does not accept goes to the durable {@link UsageSpool}, and while the spool holds anything new batches
 * queue up behind it, so events reach usage-service in the order they were metered; the spool is replayed as soon as
 * usage-service answers again. A backlog (usage-service slower than the requests) goes out in larger batches
 * ({@code max-batch-size}), and past {@code max-queued} events in memory to the spool as well, so the heap holds a
 * bounded queue whatever usage-service does. At shutdown what is left is sent or spooled.
 * usage-service ingests idempotently by request id, so a batch delivered twice (a replay after a crash) counts once.
 * <p>
 * Each event is written as JSON by the request that made it, not by the sender: writing 2,000 events at once took the
 * gateway's core for a few milliseconds, and the requests that arrived meanwhile waited.
 */
@ApplicationScoped
public class UsageShipper {

    private static final Logger LOG = Logger.getLogger(UsageShipper.class);

    private final UsageClient usage;
    private final GatewayConfig config;
    private final PlatformMetrics metrics;
    private final ObjectMapper mapper;
    private final ObjectWriter eventWriter;
    private final String gatewayIdJson;
    /** Events as JSON, in the order they were metered. */
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private volatile boolean enabled;
    private volatile boolean stopped;
    private volatile long waitingSince;
    private UsageSpool spool;
    private ScheduledExecutorService sender;
    private boolean failing;
    private boolean backlogged;

    UsageShipper(UsageClient usage, GatewayConfig config, PlatformMetrics metrics, ObjectMapper mapper,
            GatewayIdentity identity) {
        this.usage = usage;
        this.config = config;
        this.metrics = metrics;
        this.mapper = mapper;
        this.eventWriter = mapper.writerFor(UsageEvent.class);
        try {
            this.gatewayIdJson = mapper.writeValueAsString(identity.id());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void start(@Observes StartupEvent event) {
        if (config.mode() != GatewayConfig.Mode.PLATFORM) {
            return;
        }
        GatewayConfig.Metering metering = config.metering();
        spool = new UsageSpool(Path.of(metering.spoolDir()), metering.spoolFileSize().asLongValue(), mapper);
        if (!spool.isEmpty()) {
            LOG.infof("The usage spool holds %d file(s) from an earlier run; replaying them", spool.fileCount());
            waitingSince = System.currentTimeMillis();
        }
        metrics.gauge("llmaas.gateway.usage.queued", "Usage events waiting in memory for their batch", queued::get);
        metrics.gauge("llmaas.gateway.usage.spool.files", "Files in the usage spool", spool::fileCount);
        metrics.gauge("llmaas.gateway.usage.spool.bytes", "Bytes in the usage spool", spool::bytes);
        metrics.gauge("llmaas.gateway.usage.ingest.lag.seconds",
                "Age of the oldest usage event usage-service has not accepted yet (0 when none waits)",
                () -> waitingSince == 0 ? 0 : (System.currentTimeMillis() - waitingSince) / 1000.0);
        sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "llmaas-usage-shipper");
            thread.setDaemon(true);
            return thread;
        });
        long every = metering.flushInterval().toMillis();
        sender.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        enabled = true;
    }

    /** Queues one request's event as JSON; never blocks and never calls out. */
    public void offer(UsageEvent event) {
        if (!enabled) {
            return;
        }
        byte[] json;
        try {
            json = eventWriter.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Not expected of a record of strings and numbers; the request is answered, so only this event is lost.
            LOG.errorf(e, "The usage event of request %s cannot be written as JSON; dropping it", event.requestId());
            metrics.usageEvents("dropped", 1);
            return;
        }
        if (stopped) {
            // Requests still ending during shutdown: straight to disk.
            spool.append(batch(List.of(json)));
            metrics.usageEvents("spooled", 1);
            return;
        }
        if (waitingSince == 0) {
            waitingSince = System.currentTimeMillis();
        }
        queue.add(json);
        if (queued.incrementAndGet() >= config.metering().batchSize() && flushRequested.compareAndSet(false, true)) {
            sender.execute(this::flush);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (!enabled) {
            return;
        }
        sender.shutdown();
        try {
            sender.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
        flush();
        spool.close();
    }

    /** Sends what is queued (and what the spool holds); runs on the sender thread, or once at shutdown. */
    synchronized void flush() {
        flushRequested.set(false);
        try {
            replaySpool();
            // Only what was queued when the flush began: events arriving meanwhile wait for the next batch, so a
            // steady stream of requests still goes out in full batches, not in a trickle of small ones.
            int waiting = queued.get();
            while (waiting > 0) {
                List<byte[]> events = drain();
                if (events.isEmpty()) {
                    break;
                }
                waiting -= events.size();
                deliver(batch(events));
            }
            if (queue.isEmpty() && spool.isEmpty()) {
                waitingSince = 0;
            }
        } catch (RuntimeException e) {
            LOG.error("Usage delivery failed; the next flush tries again", e);
        }
    }

    private void deliver(SerializedBatch batch) {
        if (!spool.isEmpty() || backlogged() || !send(batch)) {
            spool.append(batch);
            metrics.usageEvents("spooled", batch.events());
            return;
        }
        metrics.usageEvents("sent", batch.events());
    }

    private void replaySpool() {
        if (spool.isEmpty()) {
            return;
        }
        spool.replay(batch -> {
            // Memory first: while the spool is replayed the queue grows; past its bound it goes to disk too.
            if (backlogged() || !send(batch)) {
                return false;
            }
            metrics.usageEvents("replayed", batch.events());
            return true;
        });
    }

    /** One attempt; false when usage-service could not take it (it is then spooled or stays in the spool). */
    private boolean send(SerializedBatch batch) {
        try {
            usage.ingest(batch.json());
            if (failing) {
                failing = false;
                LOG.info("usage-service accepts usage events again");
            }
            return true;
        } catch (InternalCallException e) {
            if (e.status() == 400) {
                // Not deliverable, ever: keeping it would block every later batch behind it.
                LOG.errorf("usage-service refused a usage batch of %d events as invalid; dropping it",
                        batch.events());
                metrics.usageEvents("dropped", batch.events());
                return true;
            }
            return unreachable(e);
        } catch (RuntimeException e) {
            return unreachable(e);
        }
    }

    private boolean unreachable(RuntimeException e) {
        if (!failing || stopped) {
            failing = true;
            LOG.warnf("usage-service cannot take usage events (%s); spooling them to %s", e.getMessage(),
                    config.metering().spoolDir());
        }
        return false;
    }

    /** More events in memory than {@code max-queued}: batches go to the spool until usage-service caught up. */
    private boolean backlogged() {
        boolean backlogged = queued.get() > config.metering().maxQueued();
        if (backlogged != this.backlogged) {
            this.backlogged = backlogged;
            if (backlogged) {
                LOG.warnf("usage-service takes usage events slower than requests make them (%d waiting in memory); "
                        + "spooling them to %s", queued.get(), config.metering().spoolDir());
            }
        }
        return backlogged;
    }

    /** Up to one batch, or up to {@code max-batch-size} events when more than one batch waits. */
    private List<byte[]> drain() {
        GatewayConfig.Metering metering = config.metering();
        int max = Math.max(metering.batchSize(), Math.min(queued.get(), metering.maxBatchSize()));
        List<byte[]> events = new ArrayList<>(Math.min(max, Math.max(queued.get(), 1)));
        byte[] event;
        while (events.size() < max && (event = queue.poll()) != null) {
            events.add(event);
            queued.decrementAndGet();
        }
        return events;
    }

    private SerializedBatch batch(List<byte[]> events) {
        return SerializedBatch.of(gatewayIdJson, UUID.randomUUID().toString(), events);
    }
}
