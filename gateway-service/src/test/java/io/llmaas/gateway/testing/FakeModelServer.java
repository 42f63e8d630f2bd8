package io.llmaas.gateway.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A model server for tests: a real Vert.x HTTP server on a dynamic port that records every request and answers by
 * the requested (upstream) model: a scripted {@link Behavior} when a test set one, the server's default answer
 * otherwise. It can be stopped and started again on the same port, like a model server that dies and comes back.
 */
public abstract class FakeModelServer {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** What the server does with one request. */
    @FunctionalInterface
    public interface Behavior {
        void answer(Call call);
    }

    /** One request the server received. */
    public record Received(String path, MultiMap headers, JsonNode body, String raw, HttpConnection connection) {
        public String model() {
            return body == null ? null : body.path("model").asText(null);
        }
    }

    /** A request in progress, for behaviors to answer. */
    public final class Call {
        private final HttpServerRequest request;
        private final JsonNode body;
        private final Context context;

        Call(HttpServerRequest request, JsonNode body, Context context) {
            this.request = request;
            this.body = body;
            this.context = context;
        }

        public JsonNode body() {
            return body;
        }

        public String path() {
            return request.path();
        }

        public HttpServerResponse response() {
            return request.response();
        }

        /** Runs {@code action} on the server's event loop: for behaviors that answer later, from a test thread. */
        public void later(Runnable action) {
            context.runOnContext(ignored -> action.run());
        }

        /** The server's default answer to this request. */
        public void answerByDefault() {
            defaultAnswer(this);
        }

        public void json(int status, String json) {
            response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
        }
    }

    /** A request parked by {@link #hold()} until the test releases it. */
    public final class Held {
        private final Call call;

        Held(Call call) {
            this.call = call;
        }

        public String model() {
            return call.body().path("model").asText();
        }

        public void release() {
            call.later(call::answerByDefault);
        }
    }

    private final Vertx vertx;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsByModel = new ConcurrentHashMap<>();
    private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
    private final AtomicInteger closedBeforeEnd = new AtomicInteger();
    private final Set<HttpConnection> closedConnections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger probesToDrop = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private volatile HttpServer server;
    private volatile int port;

    protected FakeModelServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts on a free port the first time, on the same port after a {@link #stop()}. */
    public synchronized void start() {
        server = vertx.createHttpServer().requestHandler(this::handle)
                .connectionHandler(connection -> connection.closeHandler(closed -> closedConnections.add(connection)));
        try {
            server = server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fake model server did not start", e);
        }
        port = server.actualPort();
    }

    /** Closes the listening socket and every open connection: the server is gone. */
    public synchronized void stop() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fake model server did not stop", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers requests for {@code upstreamModel} with {@code behavior} from now on. */
    public void on(String upstreamModel, Behavior behavior) {
        behaviors.put(upstreamModel, behavior);
    }

    /** Parks requests for {@code upstreamModel}; the test takes them from {@link #nextHeld()} and releases them. */
    public void hold(String upstreamModel) {
        on(upstreamModel, call -> held.add(new Held(call)));
    }

    public Held nextHeld() throws InterruptedException {
        Held next = held.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("No request reached the fake model server within 10 s");
        }
        return next;
    }

    /** Requests received for an inference path (not health probes). */
    public List<Received> received() {
        return received.stream().filter(r -> r.body() != null).toList();
    }

    public Received lastReceived() {
        List<Received> all = received();
        if (all.isEmpty()) {
            throw new AssertionError("The fake model server received no request");
        }
        return all.get(all.size() - 1);
    }

    /** Inference requests received for {@code upstreamModel}. */
    public int calls(String upstreamModel) {
        AtomicInteger calls = callsByModel.get(upstreamModel);
        return calls == null ? 0 : calls.get();
    }

    /** Responses whose connection the client closed before the response ended. */
    public int closedBeforeEnd() {
        return closedBeforeEnd.get();
    }

    /** Whether the connection that carried {@code request} was closed (by either side). */
    public boolean connectionClosed(Received request) {
        return closedConnections.contains(request.connection());
    }

    /** Closes the connection of the next {@code count} health probes instead of answering them. */
    public void dropNextProbes(int count) {
        probesToDrop.set(count);
    }

    /** Health probes received so far, answered or dropped. */
    public int probes() {
        return probes.get();
    }

    /** Forgets requests and scripted behaviors. */
    public void reset() {
        received.clear();
        behaviors.clear();
        callsByModel.clear();
        held.clear();
        probesToDrop.set(0);
    }

    /** Whether {@code path} is this server's health probe (answered without a body). */
    protected abstract boolean isProbe(String path);

    protected abstract void probe(HttpServerResponse response);

    /** The answer when no behavior was scripted for the model. */
    protected abstract void defaultAnswer(Call call);

    private void handle(HttpServerRequest request) {
        Context context = Vertx.currentContext();
        request.body().onSuccess(bytes -> {
            if (isProbe(request.path())) {
                probes.incrementAndGet();
                if (probesToDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    request.connection().close();
                    return;
                }
                received.add(new Received(request.path(), request.headers(), null, "", request.connection()));
                probe(request.response());
                return;
            }
            JsonNode body = parse(bytes);
            received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body, bytes.toString(), request.connection()));
            String model = body == null ? "" : body.path("model").asText("");
            callsByModel.computeIfAbsent(model, key -> new AtomicInteger()).incrementAndGet();
            HttpServerResponse response = request.response();
            response.closeHandler(closed -> {
                if (!response.ended()) {
                    closedBeforeEnd.incrementAndGet();
                }
            });
            Call call = new Call(request, body, context);
            behaviors.getOrDefault(model, this::defaultAnswer).answer(call);
        });
    }

    private static JsonNode parse(Buffer bytes) {
        try {
            return bytes.length() == 0 ? JSON.createObjectNode() : JSON.readTree(bytes.getBytes());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
