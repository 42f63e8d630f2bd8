package io.llmaas.gateway.provider;

import io.llmaas.gateway.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP call to a model server, whatever is done with its answer: connect, send, watch the timeouts, turn an error
 * status into an {@link UpstreamException}, and reset the request when the client goes away or a timeout fires.
 * Subclasses decide what a successful answer's chunks become. Everything runs on the request's Vert.x context.
 *
 * @param <T> what {@link #outcome} completes with
 */
abstract class UpstreamCall<T> {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    protected final Exchange exchange;
    protected final UpstreamTarget target;
    protected final Promise<T> outcome = Promise.promise();
    private final Watchdog watchdog;
    private HttpClientRequest request;
    protected HttpClientResponse upstream;
    /** The upstream side is over: ended, failed, timed out or cancelled. */
    protected boolean finished;
    /** The model server's answer ended: everything of it, end included, reached this call. */
    private boolean answerEnded;

    UpstreamCall(Vertx vertx, Exchange exchange, UpstreamTarget target) {
        this.exchange = exchange;
        this.target = target;
        this.watchdog = new Watchdog(vertx, target.firstByteTimeoutMs(), target.idleTimeoutMs(), this::timedOut);
    }

    final Future<T> start(HttpClient client, RequestOptions options, Buffer body) {
        exchange.onClientGone(this::cancel);
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                failed(UpstreamException.connect(opened.cause()));
                return;
            }
            request = opened.result();
            if (finished) {
                request.reset();
                return;
            }
            watchdog.start();
            request.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    failed(UpstreamException.closed(answered.cause()));
                } else if (!finished) {
                    answered(answered.result());
                }
            });
        });
        return outcome.future();
    }

    private void answered(HttpClientResponse response) {
        upstream = response;
        exchange.upstreamFirstByte();
        response.exceptionHandler(e -> failed(UpstreamException.closed(e)));
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            Buffer error = Buffer.buffer();
            response.handler(chunk -> {
                watchdog.touch();
                if (error.length() < MAX_ERROR_BODY) {
                    error.appendBuffer(chunk);
                }
            });
            response.endHandler(end -> failed(
                    UpstreamException.status(status, ErrorBodies.parse(status, error), response.getHeader("retry-after"))));
            return;
        }
        started(response);
        response.handler(chunk -> {
            if (!finished) {
                watchdog.touch();
                chunk(chunk);
            }
        });
        response.endHandler(end -> {
            answerEnded = true;
            if (finished) {
                return;
            }
            finished = true;
            watchdog.stop();
            exchange.upstreamEnded();
            ended();
        });
    }

    /** A 2xx answer started. */
    protected void started(HttpClientResponse response) {
    }

    /** A chunk of a 2xx answer. */
    protected abstract void chunk(Buffer chunk);

    /** The 2xx answer ended. */
    protected abstract void ended();

    /** The call failed; {@link #finished} is already set. */
    protected abstract void failure(UpstreamException failure);

    /** Ends the call with {@code failure} and releases the connection, unless it is over already. */
    protected final void failed(UpstreamException failure) {
        if (finished) {
            return;
        }
        finished = true;
        watchdog.stop();
        exchange.upstreamEnded();
        if (request != null && failure.kind() != UpstreamException.Kind.STATUS) {
            abandon();
        }
        failure(failure);
    }

    /** Stops the request to the model server, so it stops generating (see {@link AbandonedAnswers}). */
    private void abandon() {
        if (upstream == null) {
            request.reset();
        } else {
            AbandonedAnswers.readOutOrReset(upstream, () -> answerEnded);
        }
    }

    private void timedOut() {
        failed(UpstreamException.timeout(watchdog.receiving()
                ? "no data from the model server for " + target.idleTimeoutMs() + " ms"
                : "no answer from the model server within " + target.firstByteTimeoutMs() + " ms"));
    }

    private void cancel() {
        failed(UpstreamException.cancelled());
    }

    /** Stops reading the answer until {@link #resume()}: backpressure towards the model server. */
    protected final void pause() {
        if (upstream != null) {
            upstream.pause();
        }
    }

    protected final void resume() {
        if (upstream != null && !finished) {
            upstream.resume();
        }
    }
}
