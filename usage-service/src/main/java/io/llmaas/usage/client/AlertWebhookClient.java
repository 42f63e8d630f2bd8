package io.llmaas.usage.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.usage.config.UsageConfig;

/**
 * POSTs alerts to the operator's webhook ({@code usage.alerts.webhook-url}). A plain JDK client rather than a REST
 * client interface because the target is an arbitrary URL of the operator's, not one of our services; retries and
 * backoff belong to the alert outbox, so one call is one attempt.
 */
@ApplicationScoped
public class AlertWebhookClient {

    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    AlertWebhookClient(ObjectMapper json, UsageConfig config) {
        this.json = json;
        this.timeout = config.alerts().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Thrown when the webhook did not accept the alert. */
    public static class DeliveryFailed extends Exception {
        public DeliveryFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Posts {@code alert} as JSON; returns when the webhook answered 2xx. */
    public void post(URI webhook, Object alert) throws DeliveryFailed {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(webhook).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(alert))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert is not serializable", e);
        }
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailed("webhook unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryFailed("webhook answered HTTP " + response.statusCode(), null);
        }
    }
}
