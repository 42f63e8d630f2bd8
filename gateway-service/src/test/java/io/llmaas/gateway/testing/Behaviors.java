package io.llmaas.gateway.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.llmaas.gateway.testing.FakeModelServer.Behavior;
import io.vertx.core.http.HttpServerResponse;

/** Scripted answers for the fake model servers. */
public final class Behaviors {

    private Behaviors() {
    }

    /** One complete answer. */
    public static Behavior answer(int status, String contentType, String body) {
        return call -> call.response().setStatusCode(status).putHeader("content-type", contentType).end(body);
    }

    public static Behavior json(int status, String body) {
        return answer(status, "application/json", body);
    }

    /** A streamed answer, one write per part, as a model server flushes each event or line. */
    public static Behavior parts(String contentType, List<String> parts) {
        return call -> {
            HttpServerResponse response = call.response().setChunked(true).putHeader("content-type", contentType);
            parts.forEach(response::write);
            response.end();
        };
    }

    /** Sends {@code first}, then waits until {@code release} completes before it sends {@code rest} and ends. */
    public static Behavior firstThenWait(String contentType, String first, CompletableFuture<Void> release,
            List<String> rest) {
        return call -> {
            HttpServerResponse response = call.response().setChunked(true).putHeader("content-type", contentType);
            response.write(first);
            release.thenRun(() -> call.later(() -> {
                if (!response.closed()) {
                    rest.forEach(response::write);
                    response.end();
                }
            }));
        };
    }

    /** Never answers. */
    public static Behavior silence() {
        return call -> {
        };
    }
}
