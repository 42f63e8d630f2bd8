package io.llmaas.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a streamed answer from the gateway event by event, as the client of a stream does: {@link #nextEvent()}
 * returns as soon as one event arrived, which is what the not-buffered tests rely on.
 */
public final class SseClient implements AutoCloseable {

    public static final String MASTER_KEY = "sk-test-master-key-not-a-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpResponse<java.io.InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Posts {@code json} to {@code path} of the gateway at {@code base} and returns once the headers arrived. */
    public static SseClient post(URL base, String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The data of the next event, or null at the end of the stream. */
    public String nextEvent() throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    return data.toString();
                }
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return data.length() > 0 ? data.toString() : null;
    }

    /**
     * The data of the next event, failing if none arrives within {@code deadline}: a guard against hanging on a
     * stream that never comes, not a measurement.
     */
    public String nextEventWithin(Duration deadline) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return nextEvent();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The data of every remaining event. */
    public List<String> remainingEvents() throws IOException {
        List<String> events = new ArrayList<>();
        String event;
        while ((event = nextEvent()) != null) {
            events.add(event);
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
