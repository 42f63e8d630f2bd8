package io.llmaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.llmaas.contracts.http.RequestIds;
import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.Requests;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Log lines written while handling a request carry its id, also those written later on other callbacks (the model
 * server's answer, a retry, a fallback), because the id lives in the request's Vert.x context, not a thread.
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class RequestIdLoggingTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
            }
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @InjectFakeBackends
    FakeBackends fakes;

    @BeforeEach
    void capture() {
        fakes.reset();
        Logger.getLogger("io.llmaas.gateway.routing").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("io.llmaas.gateway.routing").removeHandler(capture);
    }

    @Test
    void linesLoggedOnUpstreamCallbacksCarryTheRequestId() {
        fakes.openai().on("primary-broken",
                Behaviors.json(500, "{\"error\":{\"message\":\"GPU on fire\",\"type\":\"server_error\"}}"));

        RestAssured.given().auth().oauth2(SseClient.MASTER_KEY).contentType(ContentType.JSON)
                .header(RequestIds.HEADER, "trace-me-42").body(Requests.chatBody("primary"))
                .post("/v1/chat/completions")
                .then().statusCode(200).header(RequestIds.HEADER, "trace-me-42");

        List<LogRecord> routing = records.stream()
                .filter(record -> record.getLoggerName().endsWith("ModelRouter")).toList();
        // The fallback and the retry are logged from the model server's answer callback.
        assertThat(routing).hasSizeGreaterThanOrEqualTo(2);
        assertThat(routing).allSatisfy(record -> assertThat(((ExtLogRecord) record).getMdc(RequestIds.MDC_KEY))
                .isEqualTo("trace-me-42"));
    }
}
