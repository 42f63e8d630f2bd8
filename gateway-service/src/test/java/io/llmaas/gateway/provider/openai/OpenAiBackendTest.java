package io.llmaas.gateway.provider.openai;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeModelServer.Received;
import io.llmaas.gateway.testing.FakeOpenAiServer;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The openai translator against a real OpenAI-compatible HTTP server: pass-through, model rewrite, usage. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class OpenAiBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void chatGoesThroughByteForByteButForTheModelName() {
        String body = "{ \"model\" : \"gpt-fake\", \"messages\":[{\"role\":\"user\",\"content\":\"Hi \\u00e9\"}],"
                + "\"temperature\":0.30, \"vendor_extension\":{\"keep\":[1, 2.50]} }";

        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON).header("x-request-id", "req-pass-1")
                .body(body)
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("model", is("upstream-gpt"))
                .body("choices[0].message.content", is("Hello from upstream-gpt"))
                .body("usage.prompt_tokens", is(FakeOpenAiServer.PROMPT_TOKENS));

        Received upstream = fakes.openai().lastReceived();
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.raw()).isEqualTo(body.replace("\"gpt-fake\"", "\"upstream-gpt\""));
        assertThat(upstream.headers().get("Authorization")).isEqualTo("Bearer " + FakeBackends.UPSTREAM_KEY);
        assertThat(upstream.headers().get("x-request-id")).isEqualTo("req-pass-1");
    }

    @Test
    void usageOfAPlainAnswerIsMetered() {
        Metrics before = Metrics.scrape();

        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200);

        Metrics after = Metrics.scrape();
        assertThat(tokens(after, "prompt") - tokens(before, "prompt")).isEqualTo(FakeOpenAiServer.PROMPT_TOKENS);
        assertThat(tokens(after, "completion") - tokens(before, "completion"))
                .isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
    }

    @Test
    void aStreamAsksForUsageAndDropsTheUsageChunkTheClientDidNotAskFor() throws Exception {
        Metrics before = Metrics.scrape();

        List<String> events;
        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"gpt-fake\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("content-type")).startsWith("text/event-stream");
            events = stream.remainingEvents();
        }

        JsonNode upstream = fakes.openai().lastReceived().body();
        assertThat(upstream.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(events).hasSize(4).last().isEqualTo("[DONE]");
        assertThat(events.subList(0, 3)).allSatisfy(event -> assertThat(JSON.readTree(event).path("choices"))
                .hasSize(1));
        assertThat(String.join("", events.subList(0, 3).stream()
                .map(event -> content(event)).toList())).isEqualTo("Hello from upstream-gpt");
        Metrics after = Metrics.scrape();
        assertThat(tokens(after, "prompt") - tokens(before, "prompt")).isEqualTo(FakeOpenAiServer.PROMPT_TOKENS);
        assertThat(tokens(after, "completion") - tokens(before, "completion"))
                .isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
    }

    @Test
    void aStreamKeepsTheUsageChunkTheClientAskedFor() throws Exception {
        List<String> events;
        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"model\":\"gpt-fake\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            events = stream.remainingEvents();
        }

        assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
        JsonNode usage = JSON.readTree(events.get(3));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
    }

    @Test
    void streamOptionsOfTheClientAreKeptWhenUsageIsAdded() throws Exception {
        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                "{\"stream_options\":{\"include_usage\":false,\"continuous_usage_stats\":false},\"model\":\"gpt-fake\","
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
            List<String> events = stream.remainingEvents();
            assertThat(events).hasSize(4);
            assertThat(events).noneMatch(event -> event.contains("\"usage\":{"));
        }

        JsonNode options = fakes.openai().lastReceived().body().path("stream_options");
        assertThat(options.path("include_usage").asBoolean()).isTrue();
        assertThat(options.has("continuous_usage_stats")).isTrue();
    }

    @Test
    void completionsGoThroughPlainAndStreamed() throws Exception {
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-fake\",\"prompt\":\"Say hi\",\"max_tokens\":5}")
                .post("/v1/completions")
                .then().statusCode(200).body("choices[0].text", is("Hello from upstream-gpt"));
        assertThat(fakes.openai().lastReceived().path()).isEqualTo("/v1/completions");

        try (SseClient stream = SseClient.post(gateway, "/v1/completions",
                "{\"model\":\"gpt-fake\",\"prompt\":\"Say hi\",\"stream\":true}")) {
            List<String> events = stream.remainingEvents();
            assertThat(events).hasSize(4).last().isEqualTo("[DONE]");
            assertThat(JSON.readTree(events.get(0)).path("choices").path(0).path("text").asText()).isEqualTo("Hello");
        }
    }

    @Test
    void embeddingsGoThroughAndTheirPromptTokensAreMetered() {
        Metrics before = Metrics.scrape();

        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-fake\",\"input\":[\"one\",\"two\"]}")
                .post("/embeddings")
                .then().statusCode(200)
                .body("data[0].embedding[0]", is(0.5f));

        assertThat(fakes.openai().lastReceived().path()).isEqualTo("/v1/embeddings");
        assertThat(fakes.openai().lastReceived().body().path("model").asText()).isEqualTo("upstream-gpt");
        assertThat(tokens(Metrics.scrape(), "prompt") - tokens(before, "prompt"))
                .isEqualTo(FakeOpenAiServer.EMBEDDING_TOKENS);
    }

    private static double tokens(Metrics metrics, String kind) {
        return metrics.value("llmaas_gateway_" + kind + "_tokens_total", "model", "gpt-fake");
    }

    private static String content(String event) {
        try {
            return JSON.readTree(event).path("choices").path(0).path("delta").path("content").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
