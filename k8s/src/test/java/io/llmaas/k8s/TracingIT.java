package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.contracts.testing.TestDatabases;

/**
 * Tracing as deployed, switched on with the ConfigMap's one setting ({@code QUARKUS_OTEL_SDK_DISABLED=false}):
 * keys-service and the gateway, started with their Deployments' environment, export spans over OTLP/HTTP to a
 * collector stand-in here, and a client's trace continues from the gateway into keys-service (the key verification
 * a request with an unknown key causes) — one trace id across both services. The gateway's JSON log lines of a request
 * carry its request id and trace id.
 */
class TracingIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static ServiceProcess keys;
    private static ServiceProcess gateway;
    private static Map<String, String> gatewayEnv;

    @BeforeAll
    static void startWithTracingOn() throws IOException {
        Files.deleteIfExists(Path.of("target", "it-logs", "tracing-gateway-service.log"));
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                EXPORTS.add(body.readAllBytes());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();

        DeploymentEnvironment environment = new DeploymentEnvironment(Manifests.build("overlays/openshift"));
        String databaseUrl = TestDatabases.recreate("llmaas_k8s_tracing");
        keys = ServiceProcess.start("keys-service", "tracing-keys-service",
                tracingOn(environment.forLocalRun("keys-service", databaseUrl, peer -> null)));
        gatewayEnv = tracingOn(environment.forLocalRun("gateway-service", databaseUrl,
                peer -> peer.equals("keys-service") ? keys.baseUrl() : null));
        gateway = ServiceProcess.start("gateway-service", "tracing-gateway-service", gatewayEnv);
    }

    private static Map<String, String> tracingOn(Map<String, String> env) {
        assertThat(env).as("tracing is off unless switched on").containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true");
        env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        env.put("LLMAAS_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
        // Only to keep the test short: spans are exported every 200 ms instead of every 5 s.
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        return env;
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (keys != null) {
            keys.stop();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    @Test
    void aClientsTraceRunsFromTheGatewayIntoKeysService() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-unknown-key-the-gateway-must-verify")
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);

        byte[] id = HexFormat.of().parseHex(traceId);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(exported("gateway-service", id, "/v1/chat/completions")
                && exported("keys-service", id, "/internal/keys/verify"))) {
            assertThat(System.nanoTime()).as("spans of trace " + traceId + " from the gateway and keys-service")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aRequestsLogLinesCarryItsRequestIdAndTraceIdAsJson() throws Exception {
        // usage-service is not running here: the gateway logs the failed forward of a management request.
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/spend/logs"))
                .header("Authorization", "Bearer " + gatewayEnv.get("LLMAAS_MASTER_KEY"))
                .header("x-request-id", "req_k8s_tracing_log_line")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode line = null;
            for (String text : Files.readAllLines(gateway.logFile())) {
                if (text.startsWith("{") && text.contains("could not be forwarded")) {
                    line = JSON.readTree(text);
                }
            }
            if (line != null) {
                assertThat(line.path("level").asText()).isEqualTo("WARN");
                assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("req_k8s_tracing_log_line");
                assertThat(line.path("mdc").path("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
                return;
            }
            assertThat(System.nanoTime()).as("the gateway's log line of the failed forward").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Whether an export of {@code service} holds a span of the trace for the path (OTLP protobuf, raw bytes). */
    private static boolean exported(String service, byte[] traceId, String path) {
        return EXPORTS.stream().anyMatch(export -> contains(export, service.getBytes(StandardCharsets.UTF_8))
                && contains(export, traceId) && contains(export, path.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
