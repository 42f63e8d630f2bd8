package io.llmaas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;

/**
 * Added latency with one request in flight: requests go to the targets in turn (direct, gateway, direct, …), one at
 * a time, each target on its own keep-alive connection, so drift in the machine's load hits every target alike.
 * Measured from just before the request is written to the last byte of the answer; with {@code --stream true} also
 * the time to the first body chunk (time to first token).
 */
final class Latency {

    private Latency() {
    }

    static void run(Options o) throws Exception {
        List<Target> targets = o.targets();
        int requests = o.integer("requests", 5_000);
        int warmup = o.integer("warmup", 2_000);
        boolean stream = Boolean.parseBoolean(o.get("stream", "false"));
        Buffer body = Buffer.buffer(o.body());
        Vertx vertx = Http.vertx();
        List<HttpClient> clients = new ArrayList<>();
        List<Histogram> total = new ArrayList<>();
        List<Histogram> first = new ArrayList<>();
        long[] errors = new long[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            clients.add(Http.client(vertx, 1));
            total.add(Stats.histogram());
            first.add(Stats.histogram());
        }
        for (int round = 0; round < warmup + requests; round++) {
            boolean measured = round >= warmup;
            for (int t = 0; t < targets.size(); t++) {
                CompletableFuture<long[]> done = new CompletableFuture<>();
                Target target = targets.get(t);
                HttpClient client = clients.get(t);
                vertx.runOnContext(v -> once(client, target, body, done));
                long[] r = done.get();
                if (!measured) {
                    continue;
                }
                if (r[0] != 200) {
                    errors[t]++;
                } else {
                    total.get(t).recordValue(Math.max(1, r[1] / 1000));
                    first.get(t).recordValue(Math.max(1, r[2] / 1000));
                }
            }
        }
        vertx.close();
        report(targets, total, first, errors, requests, stream);
    }

    /** Answers {status, nanos to last byte, nanos to first body chunk}. */
    private static void once(HttpClient client, Target target, Buffer body, CompletableFuture<long[]> done) {
        long start = System.nanoTime();
        long[] firstChunk = { 0 };
        client.request(target.request(30_000))
                .compose(req -> req.send(body))
                .compose(resp -> {
                    resp.handler(chunk -> {
                        if (firstChunk[0] == 0) {
                            firstChunk[0] = System.nanoTime() - start;
                        }
                    });
                    return resp.end().map(v -> resp.statusCode());
                })
                .onComplete(ar -> done.complete(ar.succeeded()
                        ? new long[] { ar.result(), System.nanoTime() - start, firstChunk[0] }
                        : new long[] { -1, 0, 0 }));
    }

    private static void report(List<Target> targets, List<Histogram> total, List<Histogram> first, long[] errors,
            int requests, boolean stream) {
        String what = stream ? "time to first token" : "latency";
        System.out.printf("| target | requests | errors | %s p50 ms | p90 | p99 | p99.9 | max |%n", what);
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int t = 0; t < targets.size(); t++) {
            Histogram h = stream ? first.get(t) : total.get(t);
            System.out.printf("| %s | %d | %d | %s | %s | %s | %s | %s |%n", targets.get(t).name(), requests, errors[t],
                    Stats.fmt(Stats.ms(h, 50)), Stats.fmt(Stats.ms(h, 90)), Stats.fmt(Stats.ms(h, 99)),
                    Stats.fmt(Stats.ms(h, 99.9)), Stats.fmt(h.getMaxValue() / 1000.0));
        }
        Histogram base = stream ? first.get(0) : total.get(0);
        for (int t = 1; t < targets.size(); t++) {
            Histogram h = stream ? first.get(t) : total.get(t);
            System.out.printf("| **added by %s** (%s − %s) | | | **%s** | %s | **%s** | **%s** | |%n",
                    targets.get(t).name(), targets.get(t).name(), targets.get(0).name(),
                    Stats.signed(Stats.ms(h, 50) - Stats.ms(base, 50)),
                    Stats.signed(Stats.ms(h, 90) - Stats.ms(base, 90)),
                    Stats.signed(Stats.ms(h, 99) - Stats.ms(base, 99)),
                    Stats.signed(Stats.ms(h, 99.9) - Stats.ms(base, 99.9)));
        }
        if (stream) {
            System.out.println();
            System.out.println("Whole stream (to the last byte):");
            System.out.println();
            System.out.println("| target | p50 ms | p99 | p99.9 |");
            System.out.println("|---|---:|---:|---:|");
            for (int t = 0; t < targets.size(); t++) {
                Histogram h = total.get(t);
                System.out.printf("| %s | %s | %s | %s |%n", targets.get(t).name(), Stats.fmt(Stats.ms(h, 50)),
                        Stats.fmt(Stats.ms(h, 99)), Stats.fmt(Stats.ms(h, 99.9)));
            }
        }
    }
}
