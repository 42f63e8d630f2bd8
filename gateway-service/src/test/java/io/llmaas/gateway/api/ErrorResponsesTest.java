package io.llmaas.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.Golden;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Every error the data plane answers: OpenAI's shape, the status the SDKs map to the right exception, the request id,
 * and never a stack trace or a 500 for bad input.
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class ErrorResponsesTest {

    private static final String HELLO = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void reset() {
        fakes.reset();
    }

    @Test
    void malformedJsonIsABadRequestWithoutAStackTrace() {
        chat("{\"model\":\"gpt-fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}")
                .statusCode(400)
                .body("error.type", is("invalid_request_error"))
                .body("error.code", is("invalid_json"))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @Test
    void missingOrMistypedFieldsAreBadRequestsNamingTheField() {
        chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .statusCode(400).body("error.param", is("model")).body("error.type", is("invalid_request_error"));
        chat("{\"model\":\"gpt-fake\"}")
                .statusCode(400).body("error.param", is("messages"))
                .body("error.message", is("Missing required parameter: 'messages'."));
        chat("{\"model\":\"gpt-fake\",\"messages\":[]}").statusCode(400).body("error.param", is("messages"));
        chat("{\"model\":\"gpt-fake\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .statusCode(400).body("error.param", is("stream"));
        chat("[1,2,3]").statusCode(400).body("error.type", is("invalid_request_error"));
        post("/v1/embeddings", "{\"model\":\"gpt-fake\"}").statusCode(400).body("error.param", is("input"));
        post("/v1/completions", "{\"model\":\"gpt-fake\"}").statusCode(400).body("error.param", is("prompt"));
        assertThat(fakes.openai().received()).isEmpty();
    }

    @Test
    void aMissingOrWrongKeyIsUnauthorized() {
        given().contentType(ContentType.JSON).body(HELLO.formatted("gpt-fake"))
                .post("/v1/chat/completions")
                .then().statusCode(401).body("error.type", is("authentication_error"))
                .header("x-request-id", notNullValue());
        given().auth().oauth2("sk-not-the-master-key").contentType(ContentType.JSON).body(HELLO.formatted("gpt-fake"))
                .post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", is("invalid_api_key"))
                .body("error.message", not(containsString("sk-not-the-master-key")));
        given().header("Authorization", "Basic " + SseClient.MASTER_KEY).get("/v1/models").then().statusCode(401);
    }

    @Test
    void anUnknownOrDisabledModelIsModelNotFound() {
        chat(HELLO.formatted("no-such-model"))
                .statusCode(404)
                .body("error.code", is("model_not_found"))
                .body("error.param", is("model"))
                .body("error.message", containsString("no-such-model"));
        chat(HELLO.formatted("hidden")).statusCode(404).body("error.code", is("model_not_found"));
    }

    @Test
    void aModelThatDoesNotServeTheEndpointIsABadRequest() {
        post("/v1/embeddings", "{\"model\":\"chat-only\",\"input\":\"text\"}")
                .statusCode(400).body("error.param", is("model"));
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() throws Exception {
        String large = "{\"model\":\"gpt-fake\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000)
                + "\"}]}";
        chat(large).statusCode(413).body("error.code", is("request_too_large"))
                .body("error.type", is("invalid_request_error"));

        // Without Content-Length (chunked), the limit applies as the body arrives.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + SseClient.MASTER_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(Golden.parse(chunked.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
        assertThat(fakes.openai().received()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupportedMediaType() {
        given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.TEXT).body(HELLO.formatted("gpt-fake"))
                .post("/v1/chat/completions")
                .then().statusCode(415).body("error.type", is("invalid_request_error"))
                .body("error.code", is("unsupported_media_type"));
        given().auth().oauth2(SseClient.MASTER_KEY).contentType("application/x-www-form-urlencoded")
                .body("model=gpt-fake")
                .post("/v1/chat/completions")
                .then().statusCode(415);
    }

    @Test
    void aModelWhoseDeploymentsAreAllDownIsUnavailable() {
        chat(HELLO.formatted("unreachable"))
                .statusCode(503)
                .body("error.type", is("service_unavailable"))
                .body("error.message", containsString("unreachable"));
    }

    @Test
    void aModelServerThatDoesNotAnswerInTimeIsAGatewayTimeout() {
        fakes.openai().on("sleepy-model", Behaviors.silence());
        int closedBefore = fakes.openai().closedBeforeEnd();

        chat(HELLO.formatted("sleepy"))
                .statusCode(504)
                .body("error.type", is("timeout_error"))
                .body("error.code", is("upstream_timeout"));

        // The abandoned upstream request is reset, not left to run.
        await().atMost(Duration.ofSeconds(10)).until(() -> fakes.openai().closedBeforeEnd() > closedBefore);
    }

    @Test
    void anUpstreamClientErrorIsPassedOnWithItsMessageAndNotRetried() {
        fakes.openai().on("rejecting-model", Behaviors.json(400, "{\"error\":{\"message\":\"temperature must be at "
                + "most 2\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}"));

        chat("{\"model\":\"rejecting\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .statusCode(400)
                .body("error.message", is("temperature must be at most 2"))
                .body("error.param", is("temperature"))
                .body("error.code", is("invalid_value"));
        assertThat(fakes.openai().calls("rejecting-model")).isEqualTo(1);
    }

    @Test
    void everyErrorCarriesTheRequestId() {
        given().header("x-request-id", "client-chosen-id-1").contentType(ContentType.JSON).body("{}")
                .post("/v1/chat/completions")
                .then().statusCode(401).header("x-request-id", is("client-chosen-id-1"));
        given().auth().oauth2(SseClient.MASTER_KEY).header("x-request-id", "client-chosen-id-2")
                .contentType(ContentType.JSON).body("{nope")
                .post("/v1/chat/completions")
                .then().statusCode(400).header("x-request-id", is("client-chosen-id-2"));
        // An id that does not look like one (it could forge log lines) is replaced by a generated one.
        given().auth().oauth2(SseClient.MASTER_KEY).header("x-request-id", "evil id\nFAKE LOG LINE")
                .get("/v1/models")
                .then().statusCode(200).header("x-request-id", containsString("req_"));
    }

    @Test
    void anUnknownPathIsAJsonNotFound() {
        given().auth().oauth2(SseClient.MASTER_KEY).get("/v1/no-such-endpoint")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error.type", is("not_found_error"))
                .body("error.param", nullValue());
    }

    private ValidatableResponse chat(String body) {
        return post("/v1/chat/completions", body);
    }

    private static ValidatableResponse post(String path, String body) {
        return given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON).body(body).post(path).then()
                .contentType(ContentType.JSON).header("x-request-id", notNullValue());
    }

    private URI uri(String path) {
        return URI.create(gateway.toString().replaceAll("/$", "") + path);
    }
}
