package io.llmaas.gateway.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * The one HTTP client every backend calls model servers with: keep-alive pools per model server, no compression (bytes
 * pass through as they come), and the two ways a backend reads an answer, whole ({@link #fetch}) or as a stream
 * ({@link #stream}).
 * <p>
 * There is one Vert.x client per event loop, and a call takes the client of the event loop it runs on. Vert.x hands a
 * pooled connection to whichever event loop asks (most recently used first), so with one shared client a request
 * served on one event loop would write and read its model server's connection on another: two thread hops per call,
 * and a request reset on one loop while the connection's answer ends on the other. With a client per loop, a request
 * and its upstream connection stay on the same thread from start to end.
 */
@Startup
@ApplicationScoped
public class UpstreamClient {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** The client of each event loop, made when the loop first calls a model server. */
    private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
    /** For calls made off the event loops (none on the request path). */
    private final HttpClient offLoop;

    UpstreamClient(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        GatewayConfig.Upstream upstream = config.upstream();
        this.options = new HttpClientOptions()
                .setName("llmaas-upstream")
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, upstream.keepAliveTimeout().toSeconds()))
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setForceSni(true)
                .setConnectTimeout((int) upstream.connectTimeout().toMillis());
        // The limit is per model server: each event loop's client takes its share.
        int loops = eventLoops(vertx);
        this.pool = new PoolOptions()
                .setHttp1MaxSize(Math.max(1, (upstream.maxConnectionsPerHost() + loops - 1) / loops));
        this.offLoop = vertx.createHttpClient(options, pool);
    }

    private static int eventLoops(Vertx vertx) {
        int loops = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        return loops;
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
        offLoop.close();
    }

    /** The client of the event loop this runs on. */
    private HttpClient client() {
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !context.isEventLoopContext()) {
            return offLoop;
        }
        HttpClient client = clients.get(internal.nettyEventLoop());
        if (client == null) {
            client = clients.computeIfAbsent(internal.nettyEventLoop(), loop -> vertx.createHttpClient(options, pool));
        }
        return client;
    }

    /** Sends {@code body} and reads the whole 2xx answer. */
    public Future<Buffer> fetch(Exchange exchange, UpstreamTarget target, RequestOptions options, Buffer body) {
        return new Fetch(vertx, exchange, target).start(client(), options, body);
    }

    /** Sends {@code body} and relays the streamed answer through {@code translator}; completes at the commit. */
    public Future<UpstreamAnswer> stream(Exchange exchange, UpstreamTarget target, RequestOptions options, Buffer body,
            StreamTranslator translator) {
        return new StreamRelay(vertx, exchange, target, translator).start(client(), options, body);
    }

    /** A health probe: succeeds when the model server answers with a status below 500 within the timeout. */
    public Future<Void> probe(RequestOptions options, long timeoutMs) {
        options.setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
        return client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().compose(drained -> response.statusCode() < 500
                        ? Future.<Void> succeededFuture()
                        : Future.<Void> failedFuture("answered " + response.statusCode())));
    }

    /** A call whose answer is read whole. */
    private static final class Fetch extends UpstreamCall<Buffer> {

        private Buffer body;

        Fetch(Vertx vertx, Exchange exchange, UpstreamTarget target) {
            super(vertx, exchange, target);
        }

        @Override
        protected void started(HttpClientResponse response) {
            body = Buffer.buffer(initialSize(response.getHeader(HttpHeaders.CONTENT_LENGTH)));
        }

        @Override
        protected void chunk(Buffer chunk) {
            body.appendBuffer(chunk);
        }

        @Override
        protected void ended() {
            exchange.onClientGone(null);
            outcome.tryComplete(body);
        }

        @Override
        protected void failure(UpstreamException failure) {
            exchange.onClientGone(null);
            outcome.tryFail(failure);
        }

        private static int initialSize(String contentLength) {
            if (contentLength != null) {
                try {
                    return (int) Math.min(Long.parseLong(contentLength), 16 * 1024 * 1024);
                } catch (NumberFormatException e) {
                    return 1024;
                }
            }
            return 1024;
        }
    }
}
