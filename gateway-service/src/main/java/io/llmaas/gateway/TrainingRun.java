package io.llmaas.gateway;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.llmaas.gateway.config.GatewayConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The training start that builds the gateway's class archive ({@code gateway.training-run}, set only by
 * {@code src/main/docker/appcds-archive.sh}): once started, the gateway sends itself one request of each kind the
 * demo model answers, waits for every answer, lets its background upkeep run once (lease reports, a usage batch, the
 * changes feed), and exits. The JVM, started with {@code -XX:ArchiveClassesAtExit}, then writes every class it loaded
 * on the way (start-up, the request path and the calls to keys-service and usage-service, which
 * {@link TrainingStandIns} answers in platform mode) to the archive that later starts map.
 */
@ApplicationScoped
public class TrainingRun {

    private static final Logger LOG = Logger.getLogger(TrainingRun.class);

    /** The model the training's requests name: the demo model, on the built-in mock backend. */
    static final String MODEL = "demo";

    private final Vertx vertx;
    private final GatewayConfig config;

    TrainingRun(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Once the server listens (an asynchronous event): it answers from the first request on. */
    void start(@ObservesAsync HttpServerStart server) {
        if (!config.trainingRun()) {
            return;
        }
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.options().getPort()));
        boolean platform = config.mode() == GatewayConfig.Mode.PLATFORM;
        String auth = "Bearer " + (platform ? TrainingStandIns.TRAINING_KEY : config.masterKey());
        String model = "{\"model\":\"" + MODEL + "\",";
        String chat = model + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":8";
        List<Call> calls = List.of(
                new Call(HttpMethod.GET, "/q/health/ready", null, null, 200),
                new Call(HttpMethod.GET, "/v1/models", auth, null, 200),
                new Call(HttpMethod.POST, "/v1/chat/completions", auth, chat + "}", 200),
                new Call(HttpMethod.POST, "/v1/chat/completions", auth,
                        chat + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}", 200),
                new Call(HttpMethod.POST, "/v1/completions", auth, model + "\"prompt\":\"Hello\"}", 200),
                new Call(HttpMethod.POST, "/v1/embeddings", auth, model + "\"input\":\"Hello\"}", 200),
                new Call(HttpMethod.POST, "/v1/chat/completions", auth, "{\"model\":", 400),
                new Call(HttpMethod.POST, "/v1/chat/completions", "Bearer sk-unknown", chat + "}", 401),
                new Call(HttpMethod.GET, "/q/metrics", null, null, 200));
        Future<Void> done = Future.succeededFuture();
        for (Call call : calls) {
            done = done.compose(ignored -> call.send(client));
        }
        if (platform) {
            // One round of the background upkeep: a usage batch, lease reports, a poll of the changes feed.
            long upkeepMs = Math.max(config.metering().flushInterval().toMillis(),
                    Math.max(config.limits().maintainEvery().toMillis(), config.changes().pollInterval().toMillis()));
            done = done.compose(ignored -> vertx.timer(upkeepMs + 250)).mapEmpty();
        }
        done.onComplete(result -> {
            client.close();
            if (result.succeeded()) {
                LOG.infof("Training run: %d requests answered as expected; exiting", calls.size());
                Quarkus.asyncExit(0);
            } else {
                LOG.errorf("Training run failed: %s", result.cause().getMessage());
                Quarkus.asyncExit(1);
            }
        });
    }

    private record Call(HttpMethod method, String path, String authorization, String body, int expected) {

        Future<Void> send(HttpClient client) {
            RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
            if (authorization != null) {
                options.putHeader("Authorization", authorization);
            }
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            return client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().compose(answer -> response.statusCode() == expected
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(method + " " + path + " answered " + response.statusCode()
                                    + " instead of " + expected + ": " + answer)));
        }
    }
}
