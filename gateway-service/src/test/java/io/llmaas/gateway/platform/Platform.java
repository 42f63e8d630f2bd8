package io.llmaas.gateway.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.contracts.testing.TestDatabases;
import io.llmaas.gateway.testing.FakeOllamaServer;
import io.llmaas.gateway.testing.FakeOpenAiServer;
import io.llmaas.gateway.testing.Metrics;
import io.vertx.core.Vertx;

/**
 * The platform the cross-service tests run against, started once per JVM and shared by every {@code *IT} class:
 * packaged keys-service and usage-service on a database of their own, two gateway replicas from this module's
 * packaged jar, and the fake model servers (real HTTP) registered as deployments through keys-service's API. Tests
 * create fresh users and keys, so they do not see one another's counts. Every secret a test is handed is remembered,
 * so the tests can check that none ever reached a log.
 */
public final class Platform {

    /** Models registered at start, each on the fake servers; prices in USD per 1M tokens. */
    public static final String CHAT = "it-chat";
    public static final String OLLAMA = "it-ollama";
    public static final String NO_USAGE = "it-no-usage";
    public static final String RESTRICTED = "it-restricted";
    public static final String BUDGET = "it-budget";
    public static final String SLOW = "it-slow";
    public static final String LONG_STREAM = "it-long-stream";

    private static Platform instance;

    public final String masterKey = "sk-it-master-" + random(12);
    public final String serviceToken = random(24);
    private final String encryptionKey;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    public final FakeOpenAiServer openai = new FakeOpenAiServer(vertx);
    public final FakeOllamaServer ollama = new FakeOllamaServer(vertx);
    public final ServiceProcess keys;
    public final ServiceProcess usage;
    public final ServiceProcess gateway1;
    public final ServiceProcess gateway2;

    /** keys-service's clock runs ahead by the ISO-8601 duration in this file (see keys-service's ClockProducer). */
    public final Path clockOffsetFile = Path.of("target", "it-keys-clock-offset").toAbsolutePath();

    private Platform() {
        try {
            Files.deleteIfExists(clockOffsetFile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] aes = new byte[32];
        new SecureRandom().nextBytes(aes);
        encryptionKey = Base64.getEncoder().encodeToString(aes);
        openai.start();
        ollama.start();
        FakeBehaviors.install(openai);
        String db = TestDatabases.recreate("llmaas_it_gateway");
        Map<String, String> common = Map.of("LLMAAS_DB_URL", db, "LLMAAS_MASTER_KEY", masterKey,
                "LLMAAS_SERVICE_TOKEN", serviceToken, "LLMAAS_ENCRYPTION_KEY", encryptionKey);
        Map<String, String> keysEnv = new LinkedHashMap<>(common);
        keysEnv.put("LLMAAS_SEED_CATALOG", "false");
        keysEnv.put("LLMAAS_ADMIN_URL", "http://127.0.0.1:1");
        keysEnv.put("LLMAAS_TESTING_CLOCK_OFFSET_FILE", clockOffsetFile.toString());
        keys = ServiceProcess.start("keys-service", "it-keys", keysEnv);
        Map<String, String> usageEnv = new LinkedHashMap<>(common);
        usageEnv.put("LLMAAS_KEYS_URL", keys.baseUrl());
        usageEnv.put("USAGE_SETTLEMENT_EVERY", "0.5s");
        // A settlement batch claimed by a usage-service the tests stopped is taken over after this, not after 1 min.
        usageEnv.put("USAGE_SETTLEMENT_CLAIM_TIMEOUT", "5s");
        usage = ServiceProcess.start("usage-service", "it-usage", usageEnv);
        registerModels();
        gateway1 = startGateway("it-gateway-1");
        gateway2 = startGateway("it-gateway-2");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform();
        }
        return instance;
    }

    private ServiceProcess startGateway(String name) {
        return startGateway(name, Map.of());
    }

    /** One more gateway of the platform, with extra environment (its own spool); the caller stops it. */
    public ServiceProcess startGateway(String name, Map<String, String> extraEnv) {
        Path spool = Path.of("target", "it-spool", name).toAbsolutePath();
        try {
            if (Files.exists(spool)) {
                try (var files = Files.walk(spool)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LLMAAS_GATEWAY_MODE", "platform");
        env.put("LLMAAS_MASTER_KEY", masterKey);
        env.put("LLMAAS_SERVICE_TOKEN", serviceToken);
        env.put("LLMAAS_KEYS_URL", keys.baseUrl());
        env.put("LLMAAS_USAGE_URL", usage.baseUrl());
        env.put("LLMAAS_SPOOL_DIR", spool.toString());
        env.put("GATEWAY_ID", name);
        env.put("GATEWAY_HEALTH_CHECK_INTERVAL", "1s");
        env.put("QUARKUS_LOG_CATEGORY__IO_LLMAAS_GATEWAY_AUTH__LEVEL", "DEBUG");
        env.putAll(extraEnv);
        return ServiceProcess.start("gateway-service", name, env);
    }

    private void stop() {
        for (ServiceProcess process : new ServiceProcess[] {gateway1, gateway2, usage, keys}) {
            if (process != null) {
                process.stop();
            }
        }
        vertx.close();
    }

    private void registerModels() {
        model(CHAT, "openai", openai.url(), "upstream-chat", false, "1.5", "2");
        model(OLLAMA, "ollama", ollama.url(), "llama3:8b", false, "0.5", "0.5");
        model(NO_USAGE, "openai", openai.url(), FakeBehaviors.NO_USAGE_MODEL, false, "1", "1");
        model(RESTRICTED, "openai", openai.url(), "upstream-restricted", true, "1", "1");
        model(BUDGET, "openai", openai.url(), "upstream-budget", false, "0", "1000");
        model(SLOW, "openai", openai.url(), FakeBehaviors.SLOW_MODEL, false, "1", "1");
        model(LONG_STREAM, "openai", openai.url(), FakeBehaviors.LONG_STREAM_MODEL, false, "1", "1");
    }

    private void model(String alias, String backend, String url, String upstream, boolean restricted, String in,
            String out) {
        Response created = call("POST", keys.baseUrl() + "/api/models", masterKey, "{\"alias\":\"" + alias
                + "\",\"capabilities\":[\"chat\",\"completions\",\"embeddings\"],\"restricted\":" + restricted
                + ",\"inputPricePer1M\":" + in + ",\"outputPricePer1M\":" + out + ",\"deployments\":[{\"backend\":\""
                + backend + "\",\"baseUrl\":\"" + url + "\",\"upstreamModel\":\"" + upstream + "\"}]}");
        if (created.status() != 201) {
            throw new IllegalStateException("Registering " + alias + " failed: " + created.body());
        }
    }

    // ---------------------------------------------------------------- users and keys

    /** A unique name for this run. */
    public String unique(String prefix) {
        return prefix + "-" + sequence.incrementAndGet() + "-" + random(4);
    }

    /** A new user (LiteLLM API on keys-service); returns its id. */
    public String user(String extraJson) {
        String id = unique("user");
        Response response = call("POST", keys.baseUrl() + "/user/new", masterKey, "{\"user_id\":\"" + id
                + "\",\"auto_create_key\":false" + extraJson + "}");
        expect(response, 200);
        return id;
    }

    /**
     * A new key through {@code /key/generate} at {@code base} (keys-service, or a gateway forwarding it), with the
     * given LiteLLM fields; the secret is remembered for the log checks.
     */
    public GeneratedKey generateKey(String base, String fieldsJson) {
        Response response = call("POST", base + "/key/generate", masterKey, "{" + fieldsJson + "}");
        expect(response, 200);
        JsonNode body = response.json();
        String secret = body.path("key").asText();
        secrets.add(secret);
        return new GeneratedKey(secret, body.path("token").asText(), body.path("key_id").asText(null), body);
    }

    /** Remembers a secret obtained otherwise (a rotation). */
    public void remember(String secret) {
        secrets.add(secret);
    }

    public List<String> secrets() {
        return new ArrayList<>(secrets);
    }

    /** A created key: the secret (shown once), its hash, its id. */
    public record GeneratedKey(String secret, String hash, String id, JsonNode body) {
    }

    // ---------------------------------------------------------------- HTTP

    /** An HTTP answer. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response call(String method, String url, String bearer, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A chat completion at {@code gateway}. */
    public Response chat(ServiceProcess gateway, String key, String model, String extraJson) {
        return call("POST", gateway.baseUrl() + "/v1/chat/completions", key, chatBody(model, extraJson));
    }

    public static String chatBody(String model, String extraJson) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]"
                + extraJson + "}";
    }

    public HttpClient http() {
        return http;
    }

    public static void expect(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("Expected " + status + " but got " + response.status() + ": " + response.body());
        }
    }

    /** The sum of the Prometheus samples of {@code process} whose labels include every given pair; 0 when none. */
    public double metric(ServiceProcess process, String name, String... labels) {
        return Metrics.of(call("GET", process.baseUrl() + "/q/metrics", null, null).body()).sum(name, labels);
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    public static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
            }
            sleep(100);
        }
    }

    public static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    public ObjectMapper mapper() {
        return json;
    }
}
