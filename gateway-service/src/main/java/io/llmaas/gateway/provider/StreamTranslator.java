package io.llmaas.gateway.provider;

import io.vertx.core.buffer.Buffer;

/**
 * Turns a model server's streamed answer into OpenAI server-sent events, chunk by chunk, without waiting for more
 * than one event's worth of bytes. One instance per call.
 */
public interface StreamTranslator {

    /** Bytes from the model server; what the client should get goes to {@link StreamRelay#emit(Buffer)}. */
    void onData(Buffer chunk, StreamRelay relay);

    /** The model server's stream ended normally. */
    void onEnd(StreamRelay relay);
}
