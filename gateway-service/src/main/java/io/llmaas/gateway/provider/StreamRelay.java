package io.llmaas.gateway.provider;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed answer on its way from a model server to the client. The call is committed when the translator emits
 * its first event: until then nothing reaches the client and a failure is an ordinary failed attempt the router may
 * retry elsewhere. From then on every event is written as soon as it is translated, with backpressure both ways; a
 * failure after the commit ends the stream with an OpenAI error event, and a client that goes away resets the
 * upstream request.
 */
public final class StreamRelay extends UpstreamCall<UpstreamAnswer> implements UpstreamAnswer {

    private static final CharSequence TEXT_EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final CharSequence X_ACCEL_BUFFERING = HttpHeaders.createOptimized("x-accel-buffering");
    private static final CharSequence NO = HttpHeaders.createOptimized("no");

    private final StreamTranslator translator;
    private final Promise<Void> delivered = Promise.promise();
    private HttpServerResponse client;
    private Buffer pending;
    private boolean committed;
    private boolean delivering;
    private boolean clientEnded;
    private UpstreamException abortedWith;

    StreamRelay(Vertx vertx, Exchange exchange, UpstreamTarget target, StreamTranslator translator) {
        super(vertx, exchange, target);
        this.translator = translator;
    }

    public Exchange exchange() {
        return exchange;
    }

    /** Sends {@code events} (complete SSE events) to the client; the first call commits the answer. */
    public void emit(Buffer events) {
        exchange.streamed(events);
        if (delivering) {
            write(events);
            return;
        }
        if (pending == null) {
            pending = Buffer.buffer(events.length() + 256);
        }
        pending.appendBuffer(events);
        if (!committed) {
            committed = true;
            exchange.firstChunk();
            pause();
            outcome.tryComplete(this);
        }
    }

    /** The model server reported an error inside its stream, or its stream ended before it was complete. */
    public void fail(UpstreamException failure) {
        if (finished) {
            // Reported from onEnd: the upstream side is over already, only the outcome is left to settle.
            failure(failure);
        } else {
            failed(failure);
        }
    }

    @Override
    protected void chunk(Buffer chunk) {
        translator.onData(chunk, this);
    }

    @Override
    protected void ended() {
        translator.onEnd(this);
        if (!committed) {
            outcome.tryFail(UpstreamException.protocol("the model server ended its stream without any event"));
        } else if (delivering) {
            endClient();
        }
    }

    @Override
    protected void failure(UpstreamException failure) {
        if (!committed) {
            outcome.tryFail(failure);
        } else if (failure.kind() == UpstreamException.Kind.CANCELLED) {
            delivered.tryComplete();
        } else {
            abortedWith = failure;
            if (delivering) {
                endClient();
            }
        }
    }

    @Override
    public Future<Void> deliver(Exchange exchange) {
        exchange.status(200);
        if (exchange.clientGone()) {
            return Future.succeededFuture();
        }
        delivering = true;
        client = exchange.response();
        client.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
                .putHeader(X_ACCEL_BUFFERING, NO);
        Buffer first = pending;
        pending = null;
        write(first);
        if (finished) {
            endClient();
        } else {
            resume();
        }
        return delivered.future();
    }

    private void write(Buffer events) {
        if (exchange.clientGone()) {
            return;
        }
        client.write(events);
        if (client.writeQueueFull()) {
            pause();
            client.drainHandler(drained -> resume());
        }
    }

    private void endClient() {
        if (clientEnded) {
            return;
        }
        clientEnded = true;
        if (!exchange.clientGone()) {
            if (abortedWith != null) {
                exchange.errorType(ErrorType.BAD_GATEWAY.wireName());
                client.end(Sse.error(ApiError.of("The model server's stream broke off: " + abortedWith.getMessage(),
                        ErrorType.BAD_GATEWAY.wireName(), null, abortedWith.reason())));
            } else {
                client.end();
            }
        }
        delivered.tryComplete();
    }
}
