package io.llmaas.gateway.provider.ollama;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.api.Json;
import io.llmaas.gateway.provider.OpenAiAnswers;
import io.llmaas.gateway.provider.Sse;
import io.llmaas.gateway.provider.StreamRelay;
import io.llmaas.gateway.provider.StreamTranslator;
import io.llmaas.gateway.provider.UpstreamException;
import io.vertx.core.buffer.Buffer;

/**
 * Ollama's NDJSON stream as OpenAI server-sent events: one chunk per line, as the lines arrive; on the {@code done}
 * line a last chunk with the finish_reason, the usage chunk when the client asked for it, and {@code data: [DONE]}.
 * An {@code error} line, or a stream that ends before its {@code done} line, fails the call.
 */
final class OllamaStream implements StreamTranslator {

    private final Exchange exchange;
    private final boolean chat;
    private final OpenAiAnswers answers;
    private final boolean includeUsage;
    private Buffer partial;
    private boolean first = true;
    private boolean done;

    OllamaStream(Exchange exchange) {
        this.exchange = exchange;
        this.chat = exchange.endpoint() == ApiEndpoint.CHAT;
        this.answers = new OpenAiAnswers(exchange);
        this.includeUsage = exchange.openAiRequest().includeUsage();
    }

    @Override
    public void onData(Buffer chunk, StreamRelay relay) {
        Buffer data = partial == null ? chunk : partial.appendBuffer(chunk);
        partial = null;
        byte[] bytes = Json.array(data);
        int length = data.length();
        Buffer events = Buffer.buffer(256);
        UpstreamException failure = null;
        int lineStart = 0;
        for (int i = 0; i < length && !done; i++) {
            if (bytes[i] == '\n') {
                failure = line(bytes, lineStart, i, events);
                lineStart = i + 1;
            }
        }
        if (!done && lineStart < length) {
            partial = Buffer.buffer(length - lineStart + 512).appendBuffer(data, lineStart, length - lineStart);
        }
        send(events, failure, relay);
    }

    @Override
    public void onEnd(StreamRelay relay) {
        Buffer events = Buffer.buffer(256);
        UpstreamException failure = null;
        if (!done && partial != null) {
            failure = line(Json.array(partial), 0, partial.length(), events);
            partial = null;
        }
        if (!done) {
            failure = UpstreamException.protocol("the model server's stream ended before it was done");
        }
        send(events, failure, relay);
    }

    /** Sends what the lines produced, then the failure if one of them was one. */
    private static void send(Buffer events, UpstreamException failure, StreamRelay relay) {
        if (events.length() > 0) {
            relay.emit(events);
        }
        if (failure != null) {
            relay.fail(failure);
        }
    }

    /** Translates the line in [start, end), appending its events to {@code events}; a failure if it is one. */
    private UpstreamException line(byte[] bytes, int start, int end, Buffer events) {
        while (start < end && Character.isWhitespace(bytes[start])) {
            start++;
        }
        if (start >= end) {
            return null;
        }
        JsonNode line;
        try {
            line = Json.MAPPER.readTree(bytes, start, end - start);
        } catch (IOException e) {
            done = true;
            return UpstreamException.protocol("the model server sent a line that is not JSON");
        }
        if (line.has("error")) {
            done = true;
            return UpstreamException.protocol("the model server reported: " + line.path("error").asText());
        }
        String text = chat ? line.path("message").path("content").asText("") : line.path("response").asText("");
        if (first || !text.isEmpty()) {
            events.appendBuffer(answers.chunk(text, first, null));
            first = false;
        }
        if (line.path("done").asBoolean(false)) {
            done = true;
            boolean counted = OllamaAnswers.recordUsage(exchange, line);
            events.appendBuffer(answers.chunk(null, false, OllamaAnswers.finishReason(line)));
            if (includeUsage && counted) {
                events.appendBuffer(answers.usageChunk());
            }
            events.appendBuffer(Sse.done());
        }
        return null;
    }
}
