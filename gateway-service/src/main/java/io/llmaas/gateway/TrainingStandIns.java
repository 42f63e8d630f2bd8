package io.llmaas.gateway;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.internal.ChangeFeed;
import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.contracts.internal.Limits;
import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.gateway.auth.Authenticator;
import io.llmaas.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * keys-service and usage-service as the training start ({@link TrainingRun}) needs them: a training start in platform
 * mode serves their internal API itself, on the port of {@code quarkus.rest-client.keys.url} (usage-service's URL
 * names the same port), before the gateway's start-up loads its routing table from there. The training's requests then
 * go through the same clients, JSON readers, leases and usage shipping as a gateway's in a cluster, and the
 * class archive holds those classes too (bench/ANALYSIS.md: 0.12 s less to the first answer than an archive of the
 * standalone mode).
 *
 * <p>One virtual key, {@link #TRAINING_KEY}, with every kind of limit and a budget on the demo model (the built-in mock
 * backend); every lease ask is granted in full; usage batches are accepted. Never active outside a training start.
 */
@ApplicationScoped
class TrainingStandIns {

    /** The training start's virtual key: not a secret, known only to these stand-ins. */
    static final String TRAINING_KEY = "sk-training-run-not-a-secret";

    private static final Limits LIMITS = new Limits(100_000L, 100_000_000L, 100);
    private static final List<String> MODELS = List.of(TrainingRun.MODEL);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final String keysUrl;
    private final String trainingKeyHash = Authenticator.keyHash(TRAINING_KEY);
    private final AtomicLong leases = new AtomicLong();
    private HttpServer server;

    TrainingStandIns(Vertx vertx, GatewayConfig config, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.rest-client.keys.url") String keysUrl) {
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        this.keysUrl = keysUrl;
    }

    /** Before {@code ModelCatalog} loads the routing table (priority 10). */
    void start(@Observes @Priority(1) StartupEvent event) {
        if (!active()) {
            return;
        }
        server = vertx.createHttpServer().requestHandler(this::answer);
        server.listen(URI.create(keysUrl).getPort(), "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    private boolean active() {
        return config.trainingRun() && config.mode() == GatewayConfig.Mode.PLATFORM;
    }

    private void answer(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            try {
                byte[] json = body.getBytes();
                switch (request.path()) {
                    case InternalApi.KEYS_VERIFY -> verify(request, mapper.readValue(json, KeyVerifyRequest.class));
                    case InternalApi.KEYS_ROUTING -> json(request, routing());
                    case InternalApi.KEYS_CHANGES -> json(request, new ChangeFeed(1, false, List.of()));
                    case InternalApi.KEYS_LEASES -> json(request, grant(mapper.readValue(json, LeaseRequest.class)));
                    case InternalApi.KEYS_LEASES_REPORT -> request.response().setStatusCode(204).end();
                    case InternalApi.USAGE_EVENTS -> {
                        JsonNode events = mapper.readTree(json).path("events");
                        json(request, new UsageBatch.Result(events.size(), 0));
                    }
                    default -> request.response().setStatusCode(404).end();
                }
            } catch (IOException e) {
                request.response().setStatusCode(400).end();
            }
        });
    }

    private void verify(HttpServerRequest request, KeyVerifyRequest verify) throws IOException {
        if (!trainingKeyHash.equals(verify.keyHash())) {
            request.response().setStatusCode(404).end();
            return;
        }
        json(request, new KeyPrincipal("training-key", trainingKeyHash, TRAINING_KEY.substring(0, 8), "training",
                "training-user", "training-team", KeyPrincipal.KeyStatus.ACTIVE, null, MODELS, MODELS, LIMITS,
                Map.of(TrainingRun.MODEL, LIMITS), LIMITS, LIMITS, true, MODELS, Map.of()));
    }

    private static RoutingTable routing() {
        return new RoutingTable(1, List.of(new RoutingTable.ModelRoute(TrainingRun.MODEL, "the training start's model",
                List.of("chat", "completions", "embeddings"), 8192, new BigDecimal("0.10"), new BigDecimal("0.20"),
                false, true, null, List.of(), List.of(new RoutingTable.DeploymentRoute("training/mock", "mock", null,
                        TrainingRun.MODEL, 1, null, null, null, null, null, null)))));
    }

    private LeaseResponse grant(LeaseRequest ask) {
        Instant now = Instant.now();
        return new LeaseResponse(ask.asks().stream().map(one -> new LeaseResponse.Grant(one.scope(), one.kind(),
                "training-lease-" + leases.incrementAndGet(), one.amount(), limit(one.kind()), limit(one.kind()),
                now.plusSeconds(5), now.plusSeconds(60), 0)).toList());
    }

    private static long limit(LeaseKind kind) {
        return switch (kind) {
            case RPM -> LIMITS.rpm();
            case TPM -> LIMITS.tpm();
            case PARALLEL -> LIMITS.maxParallel();
            case BUDGET -> 1_000 * InternalApi.NANOS_PER_USD;
        };
    }

    private void json(HttpServerRequest request, Object answer) throws IOException {
        request.response().putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(mapper.writeValueAsBytes(answer)));
    }
}
