package io.llmaas.keys.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.config.KeysConfig;

/**
 * The "test connection" action: one cheap request to a deployment's backend (its model list). Backend URLs are
 * data, not configuration, so this uses a plain HTTP client rather than a configured REST client.
 */
@ApplicationScoped
public class BackendProbe {

    /** @param reachable true when the backend answered 2xx */
    public record Result(boolean reachable, Integer status, long latencyMs, String message) {
    }

    private final KeysConfig config;
    private final HttpClient http;

    public BackendProbe(KeysConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.probe().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Result probe(String backend, String baseUrl, String apiKey) {
        if (backend.equals("mock")) {
            return new Result(true, null, 0, "built-in mock backend of the gateway");
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String path = backend.equals("ollama") ? "/api/tags" : (base.endsWith("/v1") ? "/models" : "/v1/models");
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + path)).timeout(config.probe().timeout()).GET();
        } catch (IllegalArgumentException e) {
            return new Result(false, null, 0, "invalid base URL");
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            long latency = (System.nanoTime() - start) / 1_000_000;
            boolean ok = response.statusCode() / 100 == 2;
            return new Result(ok, response.statusCode(), latency,
                    ok ? "backend answered" : "backend answered with status " + response.statusCode());
        } catch (IOException e) {
            return new Result(false, null, (System.nanoTime() - start) / 1_000_000,
                    "backend unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, null, 0, "interrupted");
        }
    }
}
