package io.llmaas.gateway.provider.mock;

import java.util.List;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.provider.OpenAiAnswers;
import io.llmaas.gateway.provider.Sse;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** The demo model's streamed answer: one token per tick of a timer, at the configured speed. */
final class MockStream implements UpstreamAnswer, Handler<Long> {

    private static final CharSequence TEXT_EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");

    private final Vertx vertx;
    private final long intervalMs;
    private final List<String> pieces;
    private final Promise<Void> delivered = Promise.promise();
    private Exchange exchange;
    private OpenAiAnswers answers;
    private HttpServerResponse client;
    private int next;
    private long timerId = -1;

    MockStream(Vertx vertx, long intervalMs, MockReply reply) {
        this.vertx = vertx;
        this.intervalMs = intervalMs;
        this.pieces = reply.pieces();
    }

    @Override
    public Future<Void> deliver(Exchange exchange) {
        exchange.status(200);
        if (exchange.clientGone()) {
            return Future.succeededFuture();
        }
        this.exchange = exchange;
        this.answers = new OpenAiAnswers(exchange);
        this.client = exchange.response();
        exchange.onClientGone(this::stop);
        client.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        exchange.firstChunk();
        handle(null);
        return delivered.future();
    }

    /** Sends the next token, or everything left when there is no pacing. */
    @Override
    public void handle(Long tick) {
        timerId = -1;
        do {
            client.write(answers.chunk(pieces.get(next), next == 0, null));
            next++;
        } while (intervalMs <= 0 && next < pieces.size());
        if (next < pieces.size()) {
            timerId = vertx.setTimer(intervalMs, this);
            return;
        }
        exchange.upstreamEnded();
        exchange.onClientGone(null);
        Buffer end = Buffer.buffer().appendBuffer(answers.chunk(null, false, "stop"));
        if (exchange.openAiRequest().includeUsage()) {
            end.appendBuffer(answers.usageChunk());
        }
        client.end(end.appendBuffer(Sse.done()));
        delivered.tryComplete();
    }

    private void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        delivered.tryComplete();
    }
}
