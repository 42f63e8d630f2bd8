package io.llmaas.gateway.testing;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Chat requests to the gateway, blocking (RestAssured) or in flight (JDK client) for tests that hold them. */
public final class Requests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Requests() {
    }

    public static String chatBody(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    public static Response chat(String model) {
        return given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON).body(chatBody(model))
                .post("/v1/chat/completions");
    }

    /** Sends a chat request without waiting for its answer. */
    public static CompletableFuture<HttpResponse<String>> chatAsync(URL gateway, String model) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/$", "")
                + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + SseClient.MASTER_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(model))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
