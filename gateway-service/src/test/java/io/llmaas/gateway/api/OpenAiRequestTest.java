package io.llmaas.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.error.ApiException;
import io.vertx.core.buffer.Buffer;

/** One pass over the client's body finds what the request path needs; the body is rewritten by splicing bytes. */
class OpenAiRequestTest {

    private static final byte[] UPSTREAM = "\"upstream/model:8b\"".getBytes(StandardCharsets.UTF_8);

    @Test
    void findsModelAndStreamFlags() {
        OpenAiRequest request = parse(ApiEndpoint.CHAT, "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(request.model()).isEqualTo("m");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    void replacesOnlyTheTopLevelModelAndKeepsEveryOtherByte() {
        String body = "{\"metadata\":{\"model\":\"not-this\"},\n  \"model\" :  \"alias\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"the \\\"model\\\" is \\u00e9\"}], \"temperature\": 0.70}";

        Buffer rewritten = parse(ApiEndpoint.CHAT, body).bodyFor(UPSTREAM);

        assertThat(rewritten.toString()).isEqualTo(body.replace("\"alias\"", "\"upstream/model:8b\""));
    }

    @Test
    void leavesTheBodyAloneWhenThereIsNothingToChange() {
        Buffer body = Buffer.buffer("{\"model\":\"upstream/model:8b\",\"input\":\"x\"}");

        Object rewritten = OpenAiRequest.parse(ApiEndpoint.EMBEDDINGS, body).bodyFor(UPSTREAM);

        assertThat(rewritten).isSameAs(body);
    }

    @Test
    void asksForUsageOnAStreamThatDidNotAskForIt() {
        String body = "{\"model\":\"alias\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        JsonNode rewritten = json(parse(ApiEndpoint.CHAT, body).bodyFor(UPSTREAM));

        assertThat(rewritten.path("stream_options").path("include_usage").asBoolean()).isTrue();
        JsonNode withoutOptions = ((ObjectNode) rewritten).without("stream_options");
        assertThat(withoutOptions).isEqualTo(json(Buffer.buffer(body.replace("\"alias\"", "\"upstream/model:8b\""))));
    }

    @Test
    void mergesUsageIntoTheClientsStreamOptionsBeforeOrAfterTheModel() {
        for (String body : new String[] {
                "{\"stream_options\":{\"include_usage\":false,\"x\":1},\"model\":\"alias\",\"stream\":true,\"messages\":[1]}",
                "{\"model\":\"alias\",\"stream\":true,\"messages\":[1],\"stream_options\":{\"x\":1}}",
                "{\"model\":\"alias\",\"stream\":true,\"messages\":[1],\"stream_options\":null}"}) {
            JsonNode rewritten = json(parse(ApiEndpoint.CHAT, body).bodyFor(UPSTREAM));

            assertThat(rewritten.path("model").asText()).isEqualTo("upstream/model:8b");
            assertThat(rewritten.path("stream_options").path("include_usage").asBoolean()).as(body).isTrue();
            assertThat(rewritten.path("stream_options").path("x").asInt(1)).isEqualTo(1);
            assertThat(rewritten.path("messages")).hasSize(1);
        }
    }

    @Test
    void anEmbeddingRequestNeverStreams() {
        OpenAiRequest request = parse(ApiEndpoint.EMBEDDINGS, "{\"model\":\"alias\",\"stream\":true,\"input\":\"x\"}");

        assertThat(request.stream()).isFalse();
        assertThat(json(request.bodyFor(UPSTREAM)).has("stream_options")).isFalse();
    }

    @Test
    void refusesWhatIsNotAUsableRequest() {
        assertRefused(ApiEndpoint.CHAT, "{\"model\":\"m\",\"messages\":[1]}{}", null);
        assertRefused(ApiEndpoint.CHAT, "{\"model\":7,\"messages\":[1]}", "model");
        assertRefused(ApiEndpoint.CHAT, "{\"model\":\" \",\"messages\":[1]}", "model");
        assertRefused(ApiEndpoint.CHAT, "{\"model\":\"m\",\"messages\":\"Hi\"}", "messages");
        assertRefused(ApiEndpoint.CHAT, "{\"model\":\"m\",\"messages\":[1],\"stream_options\":true}", "stream_options");
        assertRefused(ApiEndpoint.COMPLETIONS, "{\"model\":\"m\",\"prompt\":null}", "prompt");
        assertRefused(ApiEndpoint.CHAT, "", null);
    }

    private static void assertRefused(ApiEndpoint endpoint, String body, String param) {
        assertThatThrownBy(() -> parse(endpoint, body)).as(body)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }

    private static OpenAiRequest parse(ApiEndpoint endpoint, String body) {
        return OpenAiRequest.parse(endpoint, Buffer.buffer(body));
    }

    private static JsonNode json(Buffer buffer) {
        try {
            return Json.MAPPER.readTree(buffer.getBytes());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
