package io.llmaas.gateway.metering;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
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
 * Delivers usage events to usage-service off the request path: a request writes its event as JSON into the batch being
 * filled in memory once its answer is written (a microsecond or two, and never a call); one thread sends them in batches
 * ({@code gateway.metering.batch-size} events, or whatever arrived within {@code flush-interval}). A batch
 * usage-service does not accept goes to the durable {@link UsageSpool}, and while the spool holds anything new batches
 * queue up behind it, so events reach usage-service in the order they were metered; the spool is replayed as soon as
 * usage-service answers again. A backlog (usage-service slower than the requests) goes out in larger batches
 * ({@code max-batch-size}), and past {@code max-queued} events in memory to the spool as well, so the heap holds a
 * bounded queue whatever usage-service does. At shutdown what is left is sent or spooled.
 * usage-service ingests idempotently by request id, so a batch delivered twice (a replay after a crash) counts once.
 * <p>
 * Each event is written as JSON by the request that made it, not by the sender: writing 2,000 events at once took the
 * gateway's core for a few milliseconds, and the requests that arrived meanwhile waited. The batches are written into
 * {@link BatchBuffer}s that are reused, so an event waiting for its batch does not reach the old generation.
 */
@ApplicationScoped
public class UsageShipper {

    private static final Logger LOG = Logger.getLogger(UsageShipper.class);
    /** Buffers kept for reuse: one being filled and one being sent is the steady state. */
    private static final int SPARE_BUFFERS = 2;
    /** Bytes a new buffer starts with (about 150 events); it grows to its batches' size and keeps it. */
    private static final int INITIAL_BYTES = 64 * 1024;

    private final UsageClient usage;
    private final GatewayConfig config;
    private final PlatformMetrics metrics;
    private final ObjectMapper mapper;
    private final ObjectWriter eventWriter;
    private final String gatewayIdJson;
    /** Complete batches waiting for the sender, oldest first; also the lock of everything the requests touch. */
    private final ArrayDeque<BatchBuffer> batches = new ArrayDeque<>();
    /** Buffers of delivered batches, kept for the next ones. */
    private final ArrayDeque<BatchBuffer> spare = new ArrayDeque<>(SPARE_BUFFERS);
    /** The batch the requests' events go to; null until the next event. */
    private BatchBuffer filling;
    /** The sender is delivering a batch (a full batch being filled then grows up to max-batch-size). */
    private boolean sending;
    /** Events metered and not yet sent or spooled. */
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
        sender.scheduleWithFixedDelay(() -> flush(true), every, every, TimeUnit.MILLISECONDS);
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
        if (waitingSince == 0) {
            waitingSince = System.currentTimeMillis();
        }
        boolean full;
        synchronized (batches) {
            if (stopped) {
                // Requests still ending during shutdown: straight to disk.
                spool.append(SerializedBatch.of(gatewayIdJson, UUID.randomUUID().toString(), List.of(json)));
                metrics.usageEvents("spooled", 1);
                return;
            }
            if (filling == null) {
                filling = newBatch();
            }
            filling.add(json);
            queued.incrementAndGet();
            // While the sender delivers, a full batch grows up to max-batch-size: a backlog goes out in larger batches.
            full = filling.events() >= (sending ? config.metering().maxBatchSize() : config.metering().batchSize());
            if (full) {
                seal();
            }
        }
        if (full && flushRequested.compareAndSet(false, true)) {
            sender.execute(() -> flush(false));
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
        synchronized (batches) {
            stopped = true;
        }
        flush(true);
        spool.close();
    }

    /**
     * Sends the complete batches (and what the spool holds) until none is left; with {@code interval} the batch being
     * filled goes too, however small. Runs on the sender thread, or once at shutdown.
     */
    synchronized void flush(boolean interval) {
        flushRequested.set(false);
        try {
            replaySpool();
            if (interval) {
                synchronized (batches) {
                    seal();
                }
            }
            BatchBuffer next;
            while ((next = nextBatch()) != null) {
                SerializedBatch batch = next.end();
                queued.addAndGet(-batch.events());
                boolean reusable;
                try {
                    reusable = deliver(batch);
                } catch (RuntimeException e) {
                    // Neither sent nor spooled (the spool cannot be written): it stays first for the next flush.
                    synchronized (batches) {
                        batches.addFirst(next);
                    }
                    queued.addAndGet(batch.events());
                    throw e;
                }
                synchronized (batches) {
                    if (reusable && spare.size() < SPARE_BUFFERS) {
                        spare.push(next);
                    }
                }
            }
            if (queued.get() == 0 && spool.isEmpty()) {
                waitingSince = 0;
            }
        } catch (RuntimeException e) {
            LOG.error("Usage delivery failed; the next flush tries again", e);
        } finally {
            synchronized (batches) {
                sending = false;
            }
        }
    }

    /** The oldest complete batch, or the batch being filled once it is full; null (not sending) when neither. */
    private BatchBuffer nextBatch() {
        synchronized (batches) {
            if (batches.isEmpty() && filling != null && filling.events() >= config.metering().batchSize()) {
                seal();
            }
            BatchBuffer next = batches.poll();
            sending = next != null;
            return next;
        }
    }

    /** The batch being filled is complete: it queues for the sender. Holds the {@code batches} lock. */
    private void seal() {
        if (filling != null && filling.events() > 0) {
            filling.end();
            batches.add(filling);
            filling = null;
        }
    }

    /** A buffer for the next batch: a delivered batch's, or a new one. Holds the {@code batches} lock. */
    private BatchBuffer newBatch() {
        BatchBuffer buffer = spare.poll();
        if (buffer == null) {
            buffer = new BatchBuffer(gatewayIdJson, INITIAL_BYTES);
        }
        return buffer.start(UUID.randomUUID().toString());
    }

    /** Sends or spools {@code batch}; false when a send failed, which may still be writing its bytes (not to reuse). */
    private boolean deliver(SerializedBatch batch) {
        boolean attempted = spool.isEmpty() && !backlogged();
        Sent sent = attempted ? send(batch) : Sent.FAILED;
        if (sent == Sent.ACCEPTED) {
            metrics.usageEvents("sent", batch.events());
        }
        if (sent != Sent.FAILED) {
            return true;
        }
        spool.append(batch);
        metrics.usageEvents("spooled", batch.events());
        return !attempted;
    }

    private void replaySpool() {
        if (spool.isEmpty()) {
            return;
        }
        spool.replay(batch -> {
            // Memory first: while the spool is replayed the queue grows; past its bound it goes to disk too.
            Sent sent = backlogged() ? Sent.FAILED : send(batch);
            if (sent == Sent.ACCEPTED) {
                metrics.usageEvents("replayed", batch.events());
            }
            return sent != Sent.FAILED;
        });
    }

    /** What became of one attempt to send a batch. */
    private enum Sent {
        /** usage-service took it. */
        ACCEPTED,
        /** usage-service refused it as invalid (400): it never will take it, so it is dropped (and counted so). */
        DROPPED,
        /** usage-service could not take it now: it is spooled or stays in the spool. */
        FAILED
    }

    private Sent send(SerializedBatch batch) {
        try {
            usage.ingest(batch.json(), batch.length());
            if (failing) {
                failing = false;
                LOG.info("usage-service accepts usage events again");
            }
            return Sent.ACCEPTED;
        } catch (InternalCallException e) {
            if (e.status() == 400) {
                // Not deliverable, ever: keeping it would block every later batch behind it.
                LOG.errorf("usage-service refused a usage batch of %d events as invalid; dropping it",
                        batch.events());
                metrics.usageEvents("dropped", batch.events());
                return Sent.DROPPED;
            }
            return unreachable(e);
        } catch (RuntimeException e) {
            return unreachable(e);
        }
    }

    private Sent unreachable(RuntimeException e) {
        if (!failing || stopped) {
            failing = true;
            LOG.warnf("usage-service cannot take usage events (%s); spooling them to %s", e.getMessage(),
                    config.metering().spoolDir());
        }
        return Sent.FAILED;
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
}
