package io.llmaas.gateway.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.llmaas.contracts.internal.InternalApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The calls the gateway's background threads make to keys-service and usage-service several times a second (the
 * changes feed, lease reports, usage batches), made with Vert.x's HTTP client directly: bytes out, bytes in, one
 * keep-alive connection per service. Through the REST client and fault tolerance each such call cost about 1 ms of
 * CPU on the gateway's core, because at that frequency their code stays in the interpreter; that CPU is taken from
 * the requests in flight. The caller blocks (a background thread, never an event loop) for at most {@code timeout}
 * in total; the request is also reset when no byte arrives for that long.
 */
@ApplicationScoped
public class InternalHttp {

    private final HttpClient client;
    private final String authorization;

    InternalHttp(Vertx vertx, @ConfigProperty(name = "llmaas.internal.token") String token) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("llmaas-internal")
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(2000), new PoolOptions().setHttp1MaxSize(2));
        this.authorization = "Bearer " + token;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * {@code method baseUrl + pathAndQuery}, with {@code body} as JSON when not null; the answer's body when its status
     * is 2xx.
     *
     * @throws InternalCallException for any other status, a failed connection or the timeout
     */
    public Buffer call(HttpMethod method, String baseUrl, String pathAndQuery, Buffer body, Duration timeout) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) + pathAndQuery
                        : baseUrl + pathAndQuery)
                .setIdleTimeout(timeout.toMillis())
                .putHeader(InternalApi.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        if (body != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        String call = method + " " + pathAndQuery;
        Future<Buffer> answer = client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().compose(bytes -> response.statusCode() / 100 == 2
                        ? Future.succeededFuture(bytes)
                        : Future.failedFuture(new InternalCallException(call, response.statusCode(), null))));
        try {
            return answer.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof InternalCallException failure ? failure
                    : new InternalCallException(call, 0, e.getCause());
        } catch (TimeoutException e) {
            throw new InternalCallException(call, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalCallException(call, 0, e);
        }
    }

    /** A call that did not get a 2xx answer: {@link #status} is 0 when no answer came at all. */
    public static final class InternalCallException extends RuntimeException {

        private final int status;

        InternalCallException(String call, int status, Throwable cause) {
            super(call + (status > 0 ? " answered " + status : " failed: " + (cause == null ? "no answer" : cause)),
                    cause, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
