package io.llmaas.gateway.provider.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.llmaas.gateway.api.Json;
import io.llmaas.gateway.provider.StreamRelay;
import io.llmaas.gateway.provider.StreamTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * Passes an OpenAI-compatible server's SSE stream through, event by event, as the bytes arrive. It looks into an event
 * only when the event carries a {@code "usage":{…}} object: the usage is recorded, and the extra usage-only chunk the
 * gateway asked for is dropped when the client did not ask for it. Everything else is forwarded as slices of the
 * received buffers, without copying or parsing.
 */
final class UsageFilter implements StreamTranslator {

    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.UTF_8);

    private final boolean clientWantsUsage;
    private Buffer partial;

    UsageFilter(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public void onData(Buffer chunk, StreamRelay relay) {
        Buffer data = partial == null ? chunk : partial.appendBuffer(chunk);
        partial = null;
        byte[] bytes = Json.array(data);
        int length = data.length();
        int eventStart = 0;
        int forwardFrom = 0;
        int eventEnd;
        while ((eventEnd = endOfEvent(bytes, eventStart, length)) >= 0) {
            if (dropped(bytes, eventStart, eventEnd, relay)) {
                if (eventStart > forwardFrom) {
                    relay.emit(data.slice(forwardFrom, eventStart));
                }
                forwardFrom = eventEnd;
            }
            eventStart = eventEnd;
        }
        if (eventStart > forwardFrom) {
            relay.emit(data.slice(forwardFrom, eventStart));
        }
        if (eventStart < length) {
            partial = Buffer.buffer(length - eventStart + 1024).appendBuffer(data, eventStart, length - eventStart);
        }
    }

    @Override
    public void onEnd(StreamRelay relay) {
        if (partial != null && partial.length() > 0) {
            // A last event without its blank line.
            Buffer last = partial;
            partial = null;
            if (!dropped(Json.array(last), 0, last.length(), relay)) {
                relay.emit(last);
            }
        }
    }

    /** Records the usage of the event in [start, end) if it has one; true when the client must not get the event. */
    private boolean dropped(byte[] bytes, int start, int end, StreamRelay relay) {
        if (!hasUsageObject(bytes, start, end)) {
            return false;
        }
        int json = indexOf(bytes, DATA, start, end);
        if (json < 0) {
            return false;
        }
        json += DATA.length;
        int lineEnd = json;
        while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
            lineEnd++;
        }
        boolean noChoices = false;
        try (JsonParser parser = Json.FACTORY.createParser(bytes, json, lineEnd - json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                    Usage.read(parser, relay.exchange());
                } else if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
                    noChoices = parser.nextToken() == JsonToken.END_ARRAY;
                    if (!noChoices) {
                        parser.skipChildren();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return false;
        }
        return noChoices && !clientWantsUsage;
    }

    /** Whether the event has {@code "usage"} followed by an object (streams with usage carry "usage":null before). */
    private static boolean hasUsageObject(byte[] bytes, int start, int end) {
        int at = indexOf(bytes, USAGE, start, end);
        while (at >= 0) {
            int i = at + USAGE.length;
            while (i < end && (bytes[i] == ' ' || bytes[i] == ':' || bytes[i] == '\t')) {
                i++;
            }
            if (i < end && bytes[i] == '{') {
                return true;
            }
            at = indexOf(bytes, USAGE, at + 1, end);
        }
        return false;
    }

    /** The index just past the blank line that ends the event starting at {@code from}, or -1 if incomplete. */
    private static int endOfEvent(byte[] bytes, int from, int length) {
        for (int i = from; i < length - 1; i++) {
            if (bytes[i] == '\n') {
                if (bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (bytes[i + 1] == '\r' && i + 2 < length && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
