package io.llmaas.bench;

import java.net.URI;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

/**
 * The floor of the gateway's runtime: a proxy on the same Vert.x and Netty as the gateway with nothing of the gateway
 * in it (no routing, authentication, limits, metering, metrics or logging). Each event loop has its own server and its
 * own keep-alive client, as the gateway's upstream clients are one per event loop; a request's body is read whole,
 * POSTed to {@code --upstream} + the path after {@code /v1}, and the answer read whole and written back with its status
 * and content type. What it costs per request is what the JVM, Netty and Vert.x cost; whatever the gateway costs on top
 * is the gateway's own. Runs until killed.
 */
final class FloorProxy extends AbstractVerticle {

    private final int port;
    private final String upstreamHost;
    private final int upstreamPort;
    private final String upstreamPath;
    private HttpClient client;

    private FloorProxy(int port, String upstreamHost, int upstreamPort, String upstreamPath) {
        this.port = port;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.upstreamPath = upstreamPath;
    }

    static void run(Options o) {
        int port = o.integer("port", 18401);
        URI upstream = URI.create(o.get("upstream", "http://127.0.0.1:18100/plain/v1"));
        // Two event loops per core, as Quarkus gives the gateway.
        int loops = o.integer("event-loops", 2 * Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new FloorProxy(port, upstream.getHost(), upstream.getPort(), upstream.getPath()),
                new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.printf("floor proxy on :%d (%d event loops) → %s%n", port, loops, upstream))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(upstreamHost)
                .setDefaultPort(upstreamPort).setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(256));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true)
                .setAcceptBacklog(4096))
                .requestHandler(this::proxy)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void proxy(HttpServerRequest request) {
        String path = upstreamPath + request.path().substring(request.path().startsWith("/v1") ? 3 : 0);
        request.body()
                .compose(body -> client.request(HttpMethod.POST, path)
                        .compose(upstream -> upstream.putHeader("Content-Type", "application/json").send(body)))
                .compose(answer -> answer.body().map(body -> {
                    String type = answer.getHeader("Content-Type");
                    request.response().setStatusCode(answer.statusCode())
                            .putHeader("Content-Type", type == null ? "application/json" : type)
                            .end(body);
                    return body;
                }))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }
}
