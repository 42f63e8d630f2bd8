import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes usage batches to usage-service with several concurrent senders (JDK HttpClient, no dependencies) and prints
 * the sustained events/s. Run as a single-file program: java IngestBench.java URL TOKEN EVENTS BATCH SENDERS
 */
public class IngestBench {

    static final String[] MODELS = { "llama3-8b", "phi3-3.8b", "mistral-7b", "gemma2-9b" };

    public static void main(String[] args) throws Exception {
        String url = args[0] + "/internal/usage/events";
        String token = args[1];
        int events = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        int senders = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int batches = events / batchSize;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant base = Instant.now().minusSeconds(3 * 86_400);

        List<byte[]> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            bodies.add(batch(run, b, batchSize, base).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        warmUp(http, url, token, run, base);

        AtomicLong accepted = new AtomicLong();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            futures.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < batches; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i))).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    String body = response.body();
                    int at = body.indexOf("\"accepted\":") + 11;
                    accepted.addAndGet(Long.parseLong(body.substring(at, body.indexOf(',', at)).trim()));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("events=%d accepted=%d batch=%d senders=%d seconds=%.2f events_per_second=%.0f%n",
                (long) batches * batchSize, accepted.get(), batchSize, senders, seconds,
                batches * batchSize / seconds);
    }

    static void warmUp(HttpClient http, String url, String token, String run, Instant base) throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch(run + "-warm", i, 200, base))).build();
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
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
