package io.llmaas.gateway.provider.mock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.Golden;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The built-in demo model: deterministic answers, a real stream, exact usage, embeddings. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class MockBackendTest {

    private static final String REPLY = "Hello! I am the LLMaaS demo model: I answer without a model server, the same "
            + "way every time. You wrote: \"Tell me a joke\"";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void answersTheSameWayEveryTimeWithUsage() {
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                    .body("{\"model\":\"demo\",\"messages\":[{\"role\":\"system\",\"content\":\"Be funny.\"},"
                            + "{\"role\":\"user\",\"content\":\"Tell me a joke\"}]}")
                    .post("/v1/chat/completions")
                    .then().statusCode(200)
                    .body("object", is("chat.completion"))
                    .body("model", is("demo"))
                    .body("choices[0].message.content", is(REPLY))
                    .body("usage.prompt_tokens", is(6))
                    .body("usage.completion_tokens", is(REPLY.split(" ").length));
        }
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"demo\",\"prompt\":\"Tell me a joke\"}")
                .post("/v1/completions")
                .then().statusCode(200).body("object", is("text_completion")).body("choices[0].text", is(REPLY));
    }

    @Test
    void streamsTheReplyTokenByToken() throws Exception {
        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"demo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke\"}]}")) {
            List<String> events = stream.remainingEvents();
            int tokens = REPLY.split(" ").length;
            // One event per token, the finish chunk, the usage chunk, [DONE].
            assertThat(events).hasSize(tokens + 3).last().isEqualTo("[DONE]");
            StringBuilder text = new StringBuilder();
            for (String event : events.subList(0, tokens)) {
                text.append(Golden.parse(event).path("choices").path(0).path("delta").path("content").asText());
            }
            assertThat(text).hasToString(REPLY);
            assertThat(Golden.parse(events.get(tokens)).path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("stop");
            JsonNode usage = Golden.parse(events.get(tokens + 1)).path("usage");
            assertThat(usage.path("completion_tokens").asInt()).isEqualTo(tokens);
        }
    }

    @Test
    void embedsTheSameTextToTheSameUnitVector() {
        List<Float> first = embedding("same text");
        assertThat(first).hasSize(64).isEqualTo(embedding("same text")).isNotEqualTo(embedding("other text"));
        double norm = Math.sqrt(first.stream().mapToDouble(value -> value * value).sum());
        assertThat(norm).isBetween(0.999, 1.001);
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"demo\",\"input\":[\"a\",\"b\"],\"dimensions\":8}")
                .post("/v1/embeddings")
                .then().statusCode(200).body("data", hasSize(2)).body("data[1].embedding", hasSize(8))
                .body("usage.prompt_tokens", is(2));
    }

    private static List<Float> embedding(String text) {
        return given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"demo\",\"input\":\"" + text + "\"}")
                .post("/v1/embeddings")
                .then().statusCode(200).extract().jsonPath().getList("data[0].embedding", Float.class);
    }
}
