package io.llmaas.gateway.provider;

import io.llmaas.gateway.Exchange;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/** A complete JSON answer, written in one go. */
public final class BufferedAnswer implements UpstreamAnswer {

    static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    private final Buffer body;

    public BufferedAnswer(Buffer body) {
        this.body = body;
    }

    @Override
    public Future<Void> deliver(Exchange exchange) {
        exchange.status(200);
        exchange.answerBody(body);
        if (exchange.clientGone()) {
            return Future.succeededFuture();
        }
        return exchange.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(body);
    }
}
