package io.llmaas.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.FakeOllamaServer;
import io.llmaas.gateway.testing.FakeOpenAiServer;
import io.llmaas.gateway.testing.Golden;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Metrics;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Streams are relayed as they are produced, never buffered: the client holds the first chunk while the model server
 * is still blocked before its second. A client that goes away resets the model server's request; a model server that
 * goes silent mid-stream ends the client's stream with an error event.
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class StreamRelayTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String CHAT = "{\"model\":\"%s\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void anOpenAiStreamReachesTheClientWhileTheModelServerIsStillProducing() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        fakes.openai().on("slow-stream-model", Behaviors.firstThenWait("text/event-stream",
                FakeOpenAiServer.chunk("slow-stream-model", true, "first", false), release,
                List.of(FakeOpenAiServer.chunk("slow-stream-model", true, "second", false), "data: [DONE]\n\n")));

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions", CHAT.formatted("slow-stream"))) {
            // The model server sends "second" only after release: the first event must come without it.
            String first = stream.nextEventWithin(DEADLINE);
            assertThat(content(first)).isEqualTo("first");
            release.complete(null);
            List<String> rest = stream.remainingEvents();
            assertThat(rest).hasSize(2);
            assertThat(content(rest.get(0))).isEqualTo("second");
            assertThat(rest.get(1)).isEqualTo("[DONE]");
        }
    }

    @Test
    void anOllamaStreamReachesTheClientWhileTheModelServerIsStillProducing() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        fakes.ollama().on("slow-ollama-model", Behaviors.firstThenWait("application/x-ndjson",
                FakeOllamaServer.line("slow-ollama-model", true, "first", false) + "\n", release,
                List.of(FakeOllamaServer.line("slow-ollama-model", true, "second", false) + "\n",
                        FakeOllamaServer.line("slow-ollama-model", true, "", true) + "\n")));

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions", CHAT.formatted("slow-ollama"))) {
            String first = stream.nextEventWithin(DEADLINE);
            assertThat(content(first)).isEqualTo("first");
            release.complete(null);
            List<String> rest = stream.remainingEvents();
            assertThat(rest).hasSize(3);
            assertThat(content(rest.get(0))).isEqualTo("second");
            assertThat(Golden.parse(rest.get(1)).path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("stop");
            assertThat(rest.get(2)).isEqualTo("[DONE]");
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsTheUpstreamRequest() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        fakes.openai().on("slow-stream-model", Behaviors.firstThenWait("text/event-stream",
                FakeOpenAiServer.chunk("slow-stream-model", true, "first", false), never, List.of()));
        int closedBefore = fakes.openai().closedBeforeEnd();
        double cancelledBefore = Metrics.scrape().value("llmaas_gateway_requests_total", "model", "slow-stream",
                "status", "499");

        byte[] body = CHAT.formatted("slow-stream").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + SseClient.MASTER_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            readUntil(socket.getInputStream(), "\"first\"");
        }

        // The model server sees its response's connection closed although it never ended the response.
        await().atMost(DEADLINE).until(() -> fakes.openai().closedBeforeEnd() > closedBefore);
        await().atMost(DEADLINE).untilAsserted(() -> {
            Metrics metrics = Metrics.scrape();
            assertThat(metrics.value("llmaas_gateway_requests_total", "model", "slow-stream", "status", "499"))
                    .isEqualTo(cancelledBefore + 1);
            assertThat(metrics.value("llmaas_gateway_deployment_in_flight", "deployment", "slow-stream/1")).isZero();
        });
    }

    @Test
    void aModelServerThatFallsSilentMidStreamGetsTheStreamEndedWithAnErrorEvent() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        fakes.openai().on("stalling-model", Behaviors.firstThenWait("text/event-stream",
                FakeOpenAiServer.chunk("stalling-model", true, "first", false), never, List.of()));
        int closedBefore = fakes.openai().closedBeforeEnd();

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions", CHAT.formatted("stalling"))) {
            assertThat(content(stream.nextEventWithin(DEADLINE))).isEqualTo("first");
            // The deployment allows 300 ms between chunks; the model server sends nothing more.
            List<String> rest = stream.remainingEvents();
            assertThat(rest).hasSize(1);
            JsonNode error = Golden.parse(rest.get(0)).path("error");
            assertThat(error.path("code").asText()).isEqualTo("timeout");
            assertThat(error.path("message").asText()).contains("no data from the model server");
        }
        await().atMost(DEADLINE).until(() -> fakes.openai().closedBeforeEnd() > closedBefore);
    }

    private static String content(String event) {
        return Golden.parse(event).path("choices").path(0).path("delta").path("content").asText();
    }

    private static void readUntil(InputStream in, String marker) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!seen.toString().contains(marker)) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("The gateway ended the stream before " + marker + ": " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }
}
