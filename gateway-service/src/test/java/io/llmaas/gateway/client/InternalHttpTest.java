package io.llmaas.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;

/** The background calls' client against a real HTTP server: what it sends, and every way a call fails. */
class InternalHttpTest {

    private Vertx vertx;
    private HttpServer server;
    private String url;
    private InternalHttp http;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.add(request.method() + " " + request.uri() + " " + request.getHeader("Authorization") + " "
                    + request.getHeader("Content-Type") + " " + body);
            switch (request.path()) {
                case "/ok" -> request.response().putHeader("Content-Type", "application/json").end("{\"a\":1}");
                case "/bad" -> request.response().setStatusCode(400).end("{\"error\":\"bad\"}");
                case "/down" -> request.response().setStatusCode(503).end();
                default -> {
                    // /slow: never answers
                }
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        url = "http://127.0.0.1:" + server.actualPort() + "/";
        http = new InternalHttp(vertx, "not-a-secret");
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheServiceTokenAndTheBodyAndReturnsTheAnswer() {
        Buffer answer = http.call(HttpMethod.POST, url, "/ok?after=3", Buffer.buffer("{\"x\":2}"),
                Duration.ofSeconds(5));

        assertThat(answer.toString()).isEqualTo("{\"a\":1}");
        assertThat(http.call(HttpMethod.GET, url, "/ok", null, Duration.ofSeconds(5)).toString())
                .isEqualTo("{\"a\":1}");
        assertThat(seen).containsExactly("POST /ok?after=3 Bearer not-a-secret application/json {\"x\":2}",
                "GET /ok Bearer not-a-secret null ");
    }

    @Test
    void anErrorStatusFailsWithIt() {
        assertThatThrownBy(() -> http.call(HttpMethod.POST, url, "/bad", Buffer.buffer("{}"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(InternalHttp.InternalCallException.class,
                        e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("POST /bad answered 400");
        assertThatThrownBy(() -> http.call(HttpMethod.GET, url, "/down", null, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(InternalHttp.InternalCallException.class,
                        e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void noAnswerWithinTheTimeFailsWithoutAStatus() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.call(HttpMethod.GET, url, "/slow", null, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(InternalHttp.InternalCallException.class,
                        e -> assertThat(e.status()).isZero())
                .hasMessageStartingWith("GET /slow failed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServiceThatIsNotThereFailsWithoutAStatus() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> http.call(HttpMethod.GET, "http://127.0.0.1:" + closedPort, "/ok", null,
                Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(InternalHttp.InternalCallException.class,
                        e -> assertThat(e.status()).isZero())
                .hasMessageStartingWith("GET /ok failed");
    }
}
