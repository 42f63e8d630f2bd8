package io.llmaas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;

/**
 * Open-loop load at fixed arrival rates. Request n of a step is due at start + n / rate; its latency is measured from
 * that intended time, not from when it was actually written, so a server that falls behind is charged for the queue
 * it causes (no coordinated omission). Each rate runs against every target in turn; a target's step is a warm-up
 * followed by the measured part. Before the first step the tool warms itself up ({@code --tool-warmup} seconds at the
 * top rate against the first target, not reported).
 */
final class RateLadder {

    private RateLadder() {
    }

    static void run(Options o) throws Exception {
        List<Target> targets = o.targets();
        List<Integer> rates = new ArrayList<>();
        for (String r : o.require("rates").split(",")) {
            rates.add(Integer.parseInt(r.trim()));
        }
        int seconds = o.integer("duration", 10);
        int warmupSeconds = o.integer("warmup", 2);
        int connections = o.integer("connections", 256);
        long timeoutMs = o.integer("timeout-ms", 5_000);
        Buffer body = Buffer.buffer(o.body());
        Watched watched = new Watched(o);
        Vertx vertx = Http.vertx();
        vertx.setPeriodic(500, id -> watched.sampleRss());

        System.out.printf("| rate /s | target | achieved /s | p50 ms | p90 | p99 | p99.9 | max | errors | error %% |%s%n",
                watched.header());
        System.out.printf("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|%s%n", watched.separator());
        // The tool's own warm-up: its JIT compilers finish on the load generator's core before the first step, at
        // the top rate against the first target, instead of competing with the first steps' measurements.
        int toolWarmup = o.integer("tool-warmup", 10);
        if (toolWarmup > 0) {
            HttpClient client = Http.client(vertx, connections);
            step(client, targets.get(0), body, rates.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                    toolWarmup, timeoutMs, null, null);
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        List<String> added = new ArrayList<>();
        for (int rate : rates) {
            Histogram base = null;
            for (Target target : targets) {
                HttpClient client = Http.client(vertx, connections);
                step(client, target, body, rate, warmupSeconds, timeoutMs, null, null);
                Histogram h = Stats.histogram();
                AtomicLong errors = new AtomicLong();
                watched.start();
                long started = System.nanoTime();
                long sent = step(client, target, body, rate, seconds, timeoutMs, h, errors);
                double elapsed = (System.nanoTime() - started) / 1e9;
                String procs = watched.isEmpty() ? "" : watched.stop(sent);
                System.out.printf("| %d | %s | %.0f | %s | %s | %s | %s | %s | %d | %.2f |%s%n", rate, target.name(),
                        h.getTotalCount() / elapsed, Stats.fmt(Stats.ms(h, 50)), Stats.fmt(Stats.ms(h, 90)),
                        Stats.fmt(Stats.ms(h, 99)), Stats.fmt(Stats.ms(h, 99.9)),
                        Stats.fmt(h.getMaxValue() / 1000.0), errors.get(), 100.0 * errors.get() / sent, procs);
                if (base == null) {
                    base = h;
                } else {
                    added.add(String.format("| %d | %s | %s | %s | %.2f |", rate, target.name(),
                            Stats.signed(Stats.ms(h, 50) - Stats.ms(base, 50)),
                            Stats.signed(Stats.ms(h, 99) - Stats.ms(base, 99)), 100.0 * errors.get() / sent));
                }
                client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        vertx.close();
        if (!added.isEmpty()) {
            System.out.println();
            System.out.printf("Added by the proxy (its percentile − %s's at the same rate):%n%n", targets.get(0).name());
            System.out.println("| rate /s | target | added p50 ms | added p99 ms | error % |");
            System.out.println("|---:|---|---:|---:|---:|");
            added.forEach(System.out::println);
        }
    }

    /** Sends {@code rate × seconds} requests on schedule and waits for the last answers; returns how many it sent. */
    private static long step(HttpClient client, Target target, Buffer body, int rate, int seconds, long timeoutMs,
            Histogram histogram, AtomicLong errors) throws InterruptedException {
        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        AtomicLong inFlight = new AtomicLong();
        long start = System.nanoTime();
        for (long n = 0; n < total;) {
            long intended = start + n * interval;
            long now = System.nanoTime();
            if (now < intended) {
                LockSupport.parkNanos(intended - now);
                continue;
            }
            inFlight.incrementAndGet();
            client.request(target.request(timeoutMs))
                    .compose(req -> req.send(body))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long latencyUs = (System.nanoTime() - intended) / 1000;
                        if (histogram != null) {
                            synchronized (histogram) {
                                if (ar.succeeded() && ar.result() == 200) {
                                    histogram.recordValue(Math.max(1, Math.min(latencyUs, 120_000_000L)));
                                } else {
                                    errors.incrementAndGet();
                                }
                            }
                        }
                        inFlight.decrementAndGet();
                    });
            n++;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 2_000);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (errors != null) {
            errors.addAndGet(inFlight.get());
        }
        return total;
    }
}
