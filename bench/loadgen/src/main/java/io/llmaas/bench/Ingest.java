package io.llmaas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Usage ingestion: pre-built batches POSTed to usage-service's {@code /internal/usage/events} by {@code --senders}
 * concurrent senders. Reports events/s and the CPU time per 1,000 events of the service and of PostgreSQL (the
 * backends serving the bench database plus the WAL writer, checkpointer and background writer), read from /proc, which
 * other load on the machine distorts much less than wall-clock throughput.
 */
final class Ingest {

    static final String[] MODELS = { "llama3-8b", "phi3-3.8b", "mistral-7b", "gemma2-9b" };

    private Ingest() {
    }

    static void run(Options o) throws Exception {
        String url = o.require("url") + "/internal/usage/events";
        String token = o.require("token");
        int events = o.integer("events", 400_000);
        int batchSize = o.integer("batch", 1_000);
        int senders = o.integer("senders", 4);
        long servicePid = Long.parseLong(o.require("service-pid"));
        String db = o.require("pg-db");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int batches = events / batchSize;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant base = Instant.now().minusSeconds(3 * 86_400);
        List<byte[]> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            bodies.add(batch(run, b, batchSize, base).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> warm = new ArrayList<>();
        for (int b = 0; b < 10 * senders; b++) {
            warm.add(batch(run + "-warm", b, Math.min(batchSize, 500), base).getBytes(StandardCharsets.UTF_8));
        }
        send(http, url, token, warm, senders, new AtomicLong());

        String loadBefore = ProcStat.loadAverage();
        Map<Long, Long> pgBefore = postgresCpu(o, db);
        long serviceBefore = ProcStat.cpuMillis(servicePid);
        AtomicLong accepted = new AtomicLong();
        long start = System.nanoTime();
        send(http, url, token, bodies, senders, accepted);
        double seconds = (System.nanoTime() - start) / 1e9;
        long serviceCpu = ProcStat.cpuMillis(servicePid) - serviceBefore;
        Map<Long, Long> pgAfter = postgresCpu(o, db);
        long pgCpu = 0;
        for (Map.Entry<Long, Long> e : pgAfter.entrySet()) {
            pgCpu += e.getValue() - pgBefore.getOrDefault(e.getKey(), 0L);
        }
        long sent = (long) batches * batchSize;
        System.out.printf("| %d | %d | %d | %.2f | **%.0f** | %.1f | %.1f | **%.1f** | %s → %s | %d |%n", sent,
                batchSize, senders, seconds, sent / seconds, serviceCpu * 1000.0 / sent, pgCpu * 1000.0 / sent,
                (serviceCpu + pgCpu) * 1000.0 / sent, loadBefore, ProcStat.loadAverage(), accepted.get());
    }

    static String header() {
        return "| events | batch | senders | seconds | events/s | service CPU ms/1k ev | PostgreSQL CPU ms/1k ev "
                + "| total CPU ms/1k ev | load avg (1 min) start → end | accepted |";
    }

    private static void send(HttpClient http, String url, String token, List<byte[]> bodies, int senders,
            AtomicLong accepted) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            futures.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i))).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    String body = response.body();
                    int at = body.indexOf("\"accepted\":") + 11;
                    int end = at;
                    while (end < body.length() && Character.isDigit(body.charAt(end))) {
                        end++;
                    }
                    accepted.addAndGet(Long.parseLong(body.substring(at, end)));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    /** CPU ms per PostgreSQL process serving {@code db}, plus the WAL writer, checkpointer and background writer. */
    private static Map<Long, Long> postgresCpu(Options o, String db) throws IOException, InterruptedException {
        Process psql = new ProcessBuilder("psql", "-tA", "-h", o.get("pg-host", "127.0.0.1"), "-p",
                o.get("pg-port", "5432"), "-U", "postgres", "-d", "postgres", "-c",
                "SELECT pid FROM pg_stat_activity WHERE datname = '" + db + "' OR backend_type IN "
                        + "('walwriter', 'checkpointer', 'background writer')")
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        psql.waitFor();
        Map<Long, Long> cpu = new HashMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                long pid = Long.parseLong(line.trim());
                cpu.put(pid, ProcStat.cpuMillis(pid));
            }
        }
        return cpu;
    }

    /** One batch in the shape gateways send: events over 3 days, 500 keys, 200 users, 20 teams, 4 models. */
    static String batch(String run, int b, int size, Instant base) {
        StringBuilder json = new StringBuilder(size * 420);
        json.append("{\"gatewayId\":\"bench\",\"batchId\":\"").append(run).append('-').append(b)
                .append("\",\"events\":[");
        for (int i = 0; i < size; i++) {
            long n = (long) b * size + i;
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"requestId\":\"").append(run).append('-').append(n)
                    .append("\",\"timestamp\":\"").append(base.plusMillis(n * 37 % 259_200_000L))
                    .append("\",\"gatewayId\":\"bench\",\"keyId\":\"key-").append(n % 500)
                    .append("\",\"keyAlias\":\"alias-").append(n % 500)
                    .append("\",\"userId\":\"user-").append(n % 200)
                    .append("\",\"teamId\":\"team-").append(n % 20)
                    .append("\",\"model\":\"").append(MODELS[(int) (n % MODELS.length)])
                    .append("\",\"endpoint\":\"chat\",\"deploymentId\":\"dep-").append(n % 2)
                    .append("\",\"promptTokens\":").append(50 + n % 400)
                    .append(",\"completionTokens\":").append(20 + n % 300)
                    .append(",\"costUsd\":0.000").append(100 + n % 900)
                    .append(",\"status\":").append(n % 50 == 0 ? 502 : 200)
                    .append(",\"errorType\":").append(n % 50 == 0 ? "\"upstream_error\"" : "null")
                    .append(",\"latencyMs\":").append(200 + n % 900)
                    .append(",\"ttftMs\":").append(30 + n % 90)
                    .append(",\"streamed\":").append(n % 2 == 0)
                    .append(",\"estimated\":").append(n % 40 == 0)
                    .append(",\"budgetLeaseId\":\"lease-").append(n % 500)
                    .append("\",\"metadata\":{\"project\":\"bench\"}}");
        }
        return json.append("]}").toString();
    }
}
