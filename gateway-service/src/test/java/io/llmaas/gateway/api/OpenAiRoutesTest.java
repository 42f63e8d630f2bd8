package io.llmaas.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The data plane's routes: both path styles, request ids on answers and streams, HTTP/1.1 expectations. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class OpenAiRoutesTest {

    private static final String CHAT = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void servesEveryOperationWithAndWithoutTheV1Prefix() {
        for (String prefix : new String[] {"/v1", ""}) {
            post(prefix + "/chat/completions", CHAT).then().statusCode(200).body("object", is("chat.completion"));
            post(prefix + "/completions", "{\"model\":\"demo\",\"prompt\":\"Hi\"}").then().statusCode(200)
                    .body("object", is("text_completion"));
            post(prefix + "/embeddings", "{\"model\":\"demo\",\"input\":\"Hi\"}").then().statusCode(200)
                    .body("object", is("list"));
        }
    }

    @Test
    void answersAndStreamsCarryTheRequestId() throws Exception {
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON).header("x-request-id", "ask-1")
                .body(CHAT).post("/v1/chat/completions")
                .then().statusCode(200).header("x-request-id", is("ask-1")).body("id", is("chatcmpl-ask-1"));
        post("/v1/chat/completions", CHAT).then().statusCode(200).header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));

        try (SseClient stream = SseClient.post(gateway, "/v1/chat/completions",
                CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""), "x-request-id", "ask-2")) {
            assertThat(stream.header("x-request-id")).isEqualTo("ask-2");
            assertThat(stream.remainingEvents()).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void invitesTheBodyOfAnExpectContinueRequestOnlyWhenItWillBeAccepted() throws Exception {
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head(body.length).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The body is sent only once the gateway said it wants it.
            assertThat(readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            assertThat(readUntil(in, "\"chat.completion\"")).startsWith("HTTP/1.1 200");
        }

        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head(1_000_000).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertThat(readUntil(socket.getInputStream(), "request_too_large")).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aBodyArrivingInPiecesIsPutTogetherBeforeItIsRead() throws Exception {
        byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
        int third = body.length / 3;
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + SseClient.MASTER_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            for (int from = 0; from < body.length; from += third) {
                out.write(body, from, Math.min(third, body.length - from));
                out.flush();
                Thread.sleep(50);
            }
            // Any piece missing or out of order would make the JSON unreadable: a 400 instead.
            assertThat(readUntil(socket.getInputStream(), "\"chat.completion\"")).startsWith("HTTP/1.1 200");
        }
    }

    private static String head(int contentLength) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SseClient.MASTER_KEY
                + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + contentLength
                + "\r\n\r\n";
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(marker)) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("Connection closed before " + marker + ": " + seen);
            }
            seen.append((char) next);
        }
        return seen.toString();
    }

    private static io.restassured.response.Response post(String path, String body) {
        return given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON).body(body).post(path);
    }
}
