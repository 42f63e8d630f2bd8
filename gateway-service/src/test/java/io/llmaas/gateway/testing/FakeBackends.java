package io.llmaas.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;

/**
 * The model servers the gateway routes to in tests (see routing-test.yaml): one OpenAI-compatible server for most
 * models, two more for the failover pair (so one can die alone), one Ollama server, and a port nothing listens on.
 */
public final class FakeBackends {

    /** The upstream API key routing-test.yaml reads from configuration, as a deployment would from a Secret. */
    public static final String UPSTREAM_KEY = "sk-upstream-from-config";

    private final Vertx vertx = Vertx.vertx();
    private final FakeOpenAiServer openai = new FakeOpenAiServer(vertx);
    private final FakeOpenAiServer failoverA = new FakeOpenAiServer(vertx);
    private final FakeOpenAiServer failoverB = new FakeOpenAiServer(vertx);
    private final FakeOllamaServer ollama = new FakeOllamaServer(vertx);
    private int closedPort;

    void start() {
        all().forEach(FakeModelServer::start);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fake model servers did not stop", e);
        }
    }

    /** Configuration values routing-test.yaml refers to. */
    Map<String, String> config() {
        return Map.of(
                "fake.openai.url", openai.url(),
                "fake.failover-a.url", failoverA.url(),
                "fake.failover-b.url", failoverB.url(),
                "fake.ollama.url", ollama.url(),
                "fake.closed.url", "http://127.0.0.1:" + closedPort + "/v1",
                "fake.upstream.key", UPSTREAM_KEY);
    }

    public FakeOpenAiServer openai() {
        return openai;
    }

    public FakeOpenAiServer failoverA() {
        return failoverA;
    }

    public FakeOpenAiServer failoverB() {
        return failoverB;
    }

    public FakeOllamaServer ollama() {
        return ollama;
    }

    /** Forgets what the servers received and were scripted to do. */
    public void reset() {
        all().forEach(FakeModelServer::reset);
    }

    private List<FakeModelServer> all() {
        return List.of(openai, failoverA, failoverB, ollama);
    }
}
