package io.llmaas.usage.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server receiving alert webhooks; tests make it fail the next N calls. */
public final class FakeWebhook {

    public static final String PATH = "/hooks/budget";

    private final HttpServer server;
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();

    FakeWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext(PATH, this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    void stop() {
        server.stop(0);
    }

    public void reset() {
        failNext.set(0);
        calls.set(0);
        delivered.clear();
    }

    public void failNext(int n) {
        failNext.set(n);
    }

    public int calls() {
        return calls.get();
    }

    public List<JsonNode> delivered() {
        return new ArrayList<>(delivered);
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        JsonNode body = FakeKeysService.JSON.readTree(FakeKeysService.body(exchange));
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            FakeKeysService.respond(exchange, 500, Map.of("error", "webhook down (fake)"));
            return;
        }
        delivered.add(body);
        FakeKeysService.respond(exchange, 200, Map.of("ok", true));
    }
}
