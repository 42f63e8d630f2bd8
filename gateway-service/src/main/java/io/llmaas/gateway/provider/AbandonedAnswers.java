package io.llmaas.gateway.provider;

import java.util.function.BooleanSupplier;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;

/**
 * Stopping an upstream request whose answer has started. Vert.x closes the connection of a reset request even when the
 * answer has already ended on the wire (it may still wait in what Vert.x buffered for the caller: paused, or on its
 * way from the connection's event loop); by then the connection is back in the pool, possibly carrying another
 * request, which that close breaks. So the rest of the answer is read out and dropped first, and the request is reset
 * only if its end was not among it.
 */
public final class AbandonedAnswers {

    private AbandonedAnswers() {
    }

    /**
     * Drops the rest of {@code answer} and resets its request unless {@code ended} reports, once what was buffered has
     * been read out, that the answer's end handler ran. Call it on the request's context; the caller's data handler
     * must ignore what still comes.
     */
    public static void readOutOrReset(HttpClientResponse answer, BooleanSupplier ended) {
        Context context = Vertx.currentContext();
        if (context == null) {
            answer.request().reset();
            return;
        }
        answer.resume();
        context.runOnContext(readOut -> {
            if (!ended.getAsBoolean()) {
                answer.request().reset();
            }
        });
    }
}
