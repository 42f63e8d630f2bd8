package io.llmaas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;

/**
 * Concurrent paced streams: {@code --concurrency} streams are opened evenly over {@code --ramp-seconds} against a
 * model server that sends a chunk every {@code --pacing-ms}; every stream is held to the end. A stream <b>stalls</b>
 * when its first chunk, or any chunk after the previous one, takes longer than {@code --stall-factor} × the pacing;
 * it <b>fails</b> when it does not end with 200 and {@code data: [DONE]}. A concurrency level "runs without a stall"
 * when no stream stalled or failed. {@code --warmup-streams N} first runs N streams per target, not reported.
 */
final class Streams {

    private Streams() {
    }

    static void run(Options o) throws Exception {
        List<Target> targets = o.targets();
        List<Integer> levels = new ArrayList<>();
        for (String c : o.require("concurrency").split(",")) {
            levels.add(Integer.parseInt(c.trim()));
        }
        double rampSeconds = o.decimal("ramp-seconds", 2);
        long pacingMs = o.integer("pacing-ms", 100);
        double stallFactor = o.decimal("stall-factor", 4);
        long stallUs = (long) (pacingMs * stallFactor * 1000);
        long timeoutMs = o.integer("timeout-ms", 60_000);
        Buffer body = Buffer.buffer(o.body());
        Watched watched = new Watched(o);
        Vertx vertx = Http.vertx();
        vertx.setPeriodic(500, id -> watched.sampleRss());

        System.out.printf("| streams | target | completed | failed | stalled | peak open | TTFT p50 ms | TTFT p99 | "
                + "gap p50 ms | gap p99 | gap p99.9 | max gap |%s%n", watched.header());
        System.out.printf("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%s%n", watched.separator());
        int warmup = o.integer("warmup-streams", 0);
        List<Integer> rounds = new ArrayList<>(levels);
        if (warmup > 0) {
            rounds.add(0, -warmup);
        }
        for (int round : rounds) {
            boolean measured = round > 0;
            int n = Math.abs(round);
            for (Target target : targets) {
                HttpClient client = Http.client(vertx, n);
                Histogram ttft = Stats.histogram();
                Histogram gaps = Stats.histogram();
                AtomicInteger completed = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                AtomicInteger stalled = new AtomicInteger();
                AtomicInteger open = new AtomicInteger();
                AtomicInteger peak = new AtomicInteger();
                AtomicLong maxGap = new AtomicLong();
                CountDownLatch done = new CountDownLatch(n);
                watched.start();
                long intervalNanos = (long) (rampSeconds * 1e9 / n);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                    long sent = System.nanoTime();
                    long[] last = { sent };
                    boolean[] stall = { false };
                    Buffer[] tail = { Buffer.buffer() };
                    client.request(target.request(timeoutMs))
                            .compose(req -> req.send(body))
                            .compose(resp -> {
                                resp.handler(chunk -> {
                                    long now = System.nanoTime();
                                    long gapUs = (now - last[0]) / 1000;
                                    synchronized (gaps) {
                                        (last[0] == sent ? ttft : gaps).recordValue(Math.max(1, gapUs));
                                    }
                                    maxGap.accumulateAndGet(gapUs, Math::max);
                                    if (gapUs > stallUs) {
                                        stall[0] = true;
                                    }
                                    last[0] = now;
                                    tail[0] = chunk.length() >= 32 ? chunk : tail[0].copy().appendBuffer(chunk);
                                });
                                return resp.end().map(v -> resp.statusCode());
                            })
                            .onComplete(ar -> {
                                boolean ok = ar.succeeded() && ar.result() == 200
                                        && tail[0].toString().contains("[DONE]");
                                (ok ? completed : failed).incrementAndGet();
                                if (stall[0]) {
                                    stalled.incrementAndGet();
                                }
                                open.decrementAndGet();
                                done.countDown();
                            });
                }
                done.await(timeoutMs + 10_000, TimeUnit.MILLISECONDS);
                if (!measured) {
                    client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    continue;
                }
                String procs = watched.isEmpty() ? "" : watched.stop(n);
                System.out.printf("| %d | %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s |%s%n", n,
                        target.name(), completed.get(), failed.get(), stalled.get(), peak.get(),
                        Stats.fmt(Stats.ms(ttft, 50)), Stats.fmt(Stats.ms(ttft, 99)), Stats.fmt(Stats.ms(gaps, 50)),
                        Stats.fmt(Stats.ms(gaps, 99)), Stats.fmt(Stats.ms(gaps, 99.9)),
                        Stats.fmt(maxGap.get() / 1000.0), procs);
                client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        vertx.close();
        System.out.printf("%nStall: a first chunk or an inter-chunk gap longer than %.0f ms (%.1f × the mock's %d ms "
                + "pacing).%n", stallUs / 1000.0, stallFactor, pacingMs);
    }
}
