package io.llmaas.admin.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Direct calls to the running keys-service, usage-service and gateway, around the portal: to see what the portal's
 * actions really changed, and to call the gateway with a key as a developer's program would.
 */
public final class ServiceCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceCalls() {
    }

    /** keys-service's native API with the master key. */
    public static HttpResponse<String> keys(String method, String path, String json) {
        return call(PlatformServices.get().keys.baseUrl(), method, path, PlatformServices.MASTER_KEY, json);
    }

    /** usage-service's API with the master key. */
    public static HttpResponse<String> usage(String path) {
        return call(PlatformServices.get().usage.baseUrl(), "GET", path, PlatformServices.MASTER_KEY, null);
    }

    /** A chat completion at the gateway with {@code key}, as an OpenAI SDK would send it. */
    public static HttpResponse<String> chat(String key, String model, String message) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + message
                + "\"}]}";
        return call(PlatformServices.get().gateway.baseUrl(), "POST", "/v1/chat/completions", key, body);
    }

    /**
     * One metered request of {@code keyId}, delivered to usage-service as a gateway delivers it (service token,
     * {@code POST /internal/usage/events}); answers its request id.
     */
    public static String meteredRequest(String keyId, String userId, String teamId, String model, long tokensIn,
            long tokensOut, String costUsd) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        String event = """
                {"requestId":"%s","timestamp":"%s","gatewayId":"admin-it","keyId":"%s","userId":"%s","teamId":%s,
                 "model":"%s","endpoint":"chat","deploymentId":"d1","promptTokens":%d,"completionTokens":%d,
                 "costUsd":%s,"status":200,"latencyMs":12,"ttftMs":5,"streamed":false,"estimated":false}"""
                .formatted(requestId, Instant.now(), keyId, userId, teamId == null ? "null" : "\"" + teamId + "\"",
                        model, tokensIn, tokensOut, costUsd);
        HttpResponse<String> stored = call(PlatformServices.get().usage.baseUrl(), "POST", "/internal/usage/events",
                PlatformServices.SERVICE_TOKEN, "{\"gatewayId\":\"admin-it\",\"batchId\":\"" + requestId
                        + "\",\"events\":[" + event + "]}");
        if (stored.statusCode() != 200) {
            throw new IllegalStateException("usage-service refused the event: " + stored.body());
        }
        return requestId;
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static HttpResponse<String> call(String base, String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
