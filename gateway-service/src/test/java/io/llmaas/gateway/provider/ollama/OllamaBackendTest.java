package io.llmaas.gateway.provider.ollama;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeModelServer.Received;
import io.llmaas.gateway.testing.Golden;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The ollama translator against a real HTTP server speaking Ollama's native API. Each golden case holds the client's
 * OpenAI request, the request Ollama must receive, Ollama's answer, and the OpenAI answer the client must get (ids
 * follow the request id the test sends; {@code created} is the clock's and is not compared).
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class OllamaBackendTest {

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-basic", "chat-parts", "chat-stream", "chat-stream-length", "completions",
            "completions-stream", "embeddings", "embeddings-base64"})
    void translatesBothWays(String name) throws Exception {
        Golden golden = Golden.of("golden/ollama/" + name);
        JsonNode request = golden.json("request.json");
        String[] paths = paths(request);
        if (golden.has("ollama-response.ndjson")) {
            List<String> lines = Arrays.stream(golden.text("ollama-response.ndjson").split("(?<=\n)")).toList();
            fakes.ollama().on("golden-model", Behaviors.parts("application/x-ndjson", lines));
        } else {
            fakes.ollama().on("golden-model", Behaviors.json(200, golden.text("ollama-response.json")));
        }

        if (request.path("stream").asBoolean(false)) {
            try (SseClient stream = SseClient.post(gateway, paths[0], request.toString(), "x-request-id",
                    "golden-" + name)) {
                assertThat(stream.status()).isEqualTo(200);
                List<String> events = stream.remainingEvents();
                List<String> expected = golden.events("response.sse");
                assertThat(events).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    if (expected.get(i).equals("[DONE]")) {
                        assertThat(events.get(i)).isEqualTo("[DONE]");
                    } else {
                        assertThat(Golden.withoutClock(Golden.parse(events.get(i))))
                                .as("event %d", i).isEqualTo(Golden.parse(expected.get(i)));
                    }
                }
            }
        } else {
            String answer = given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                    .header("x-request-id", "golden-" + name).body(request.toString())
                    .post(paths[0])
                    .then().statusCode(200).extract().asString();
            assertThat(Golden.withoutClock(Golden.parse(answer))).isEqualTo(golden.json("response.json"));
        }

        Received received = fakes.ollama().lastReceived();
        assertThat(received.path()).isEqualTo(paths[1]);
        assertThat(received.body()).isEqualTo(golden.json("ollama-request.json"));
    }

    @Test
    void streamedUsageIsMeteredEvenWhenTheClientDidNotAskForIt() throws Exception {
        Metrics before = Metrics.scrape();

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"llama-ollama\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            List<String> events = stream.remainingEvents();
            assertThat(events).last().isEqualTo("[DONE]");
            assertThat(events).noneMatch(event -> event.contains("\"usage\""));
        }

        Metrics after = Metrics.scrape();
        assertThat(after.value("llmaas_gateway_prompt_tokens_total", "model", "llama-ollama")
                - before.value("llmaas_gateway_prompt_tokens_total", "model", "llama-ollama")).isEqualTo(12);
        assertThat(after.value("llmaas_gateway_completion_tokens_total", "model", "llama-ollama")
                - before.value("llmaas_gateway_completion_tokens_total", "model", "llama-ollama")).isEqualTo(5);
    }

    @Test
    void anErrorLineInTheMiddleOfAStreamEndsItWithAnErrorEvent() throws Exception {
        fakes.ollama().on("llama3:8b-instruct-q8_0", Behaviors.parts("application/x-ndjson", List.of(
                "{\"model\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}\n",
                "{\"error\":\"model runner has unexpectedly stopped\"}\n")));

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"llama-ollama\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(stream.status()).isEqualTo(200);
            List<String> events = stream.remainingEvents();
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).contains("\"content\":\"Once\"");
            JsonNode error = Golden.parse(events.get(1)).path("error");
            assertThat(error.path("message").asText()).contains("model runner has unexpectedly stopped");
            assertThat(error.path("type").asText()).isEqualTo("upstream_error");
        }
    }

    /**
     * Ollama ends its stream right after an error line, so the connection is whole and goes back to the pool. Vert.x
     * closes a connection whose request is reset even then, under whichever request took it over meanwhile (a health
     * probe of this server once, which marked the server down): the gateway must not reset an answer that ended.
     */
    @Test
    void aStreamEndedByAnErrorLineLeavesItsConnectionOpen() throws Exception {
        fakes.ollama().on("chat-only-model", Behaviors.parts("application/x-ndjson", List.of(
                "{\"model\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}\n",
                "{\"error\":\"model runner has unexpectedly stopped\"}\n")));

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"chat-only\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(stream.remainingEvents()).last().asString().contains("model runner has unexpectedly stopped");
        }
        Received errored = fakes.ollama().lastReceived();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> !fakes.ollama().connectionClosed(errored));
    }

    @Test
    void anOllamaErrorStatusReachesTheClientWithItsMessage() {
        fakes.ollama().on("not-pulled",
                Behaviors.json(404, "{\"error\":\"model 'not-pulled' not found, try pulling it first\"}"));

        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"ollama-missing\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(404)
                .body("error.message", is("model 'not-pulled' not found, try pulling it first"))
                .body("error.type", is("not_found_error"));
    }

    @Test
    void whatOllamaCannotTakeIsABadRequestAndNeverReachesIt() {
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"llama-ollama\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}")
                .post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.type", is("invalid_request_error"))
                .body("error.message", containsString("data: URLs"));
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"llama-ollama\",\"prompt\":[\"one\",\"two\"]}")
                .post("/v1/completions")
                .then().statusCode(400).body("error.param", is("prompt"));

        assertThat(fakes.ollama().received()).isEmpty();
    }

    /** The gateway path a golden request goes to, and the Ollama path it must reach. */
    private static String[] paths(JsonNode request) {
        if (request.has("messages")) {
            return new String[] {"/v1/chat/completions", "/api/chat"};
        }
        if (request.has("prompt")) {
            return new String[] {"/v1/completions", "/api/generate"};
        }
        return new String[] {"/v1/embeddings", "/api/embed"};
    }
}
