package io.llmaas.gateway.provider;

import java.nio.charset.StandardCharsets;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.gateway.api.ErrorResponses;
import io.vertx.core.buffer.Buffer;

/** Server-sent events as OpenAI streams them: {@code data: <json>} and a final {@code data: [DONE]}. */
public final class Sse {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private Sse() {
    }

    /** One event holding {@code json}. */
    public static Buffer event(Buffer json) {
        return Buffer.buffer(json.length() + 8).appendBytes(DATA).appendBuffer(json).appendBytes(END_OF_EVENT);
    }

    /** The end-of-stream marker (a shared, read-only buffer: Vert.x writes a view of it). */
    public static Buffer done() {
        return DONE;
    }

    /** An error event: how an OpenAI stream reports a failure after it started. */
    public static Buffer error(ApiError error) {
        return event(ErrorResponses.json(error));
    }
}
