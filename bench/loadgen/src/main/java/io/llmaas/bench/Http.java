package io.llmaas.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/** The load tool's Vert.x: one event loop (the tool is pinned to one core), HTTP/1.1 keep-alive clients. */
final class Http {

    private Http() {
    }

    static Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(60_000));
    }

    static HttpClient client(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }
}
