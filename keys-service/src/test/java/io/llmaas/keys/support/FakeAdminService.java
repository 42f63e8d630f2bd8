package io.llmaas.keys.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server standing in for admin-service's {@code POST /internal/audit}: it keeps every body it receives,
 * and can be told to refuse (503) to simulate admin-service being down. Also serves a fake model backend
 * ({@code GET /v1/models}) for the deployments' "test connection".
 */
public class FakeAdminService implements QuarkusTestResourceLifecycleManager {

    public static final List<String> AUDIT_BODIES = new CopyOnWriteArrayList<>();
    public static final List<String> AUDIT_AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    public static final List<String> BACKEND_AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    public static volatile boolean down;
    public static volatile int port;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/audit", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (down) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    AUDIT_BODIES.add(body);
                    AUDIT_AUTHORIZATIONS.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    exchange.sendResponseHeaders(204, -1);
                }
            } finally {
                exchange.close();
            }
        });
        server.createContext("/v1/models", exchange -> {
            BACKEND_AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"data\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        return Map.of("quarkus.rest-client.admin.url", "http://127.0.0.1:" + port,
                "keys.audit.ship-every", "1s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
