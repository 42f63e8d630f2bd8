package io.llmaas.gateway.metering;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * What a stream sent to its client, kept only to count the generated tokens when the model server reports none (a
 * client that left mid-stream, a backend without usage). The events themselves are kept up to {@link #RAW_LIMIT}
 * bytes and then folded into the text they carry, so a long stream holds its generated text and not every event's
 * JSON: 2,000 tokens streamed cost a few KiB, not the half MiB of their events. Streams short enough never fold, and
 * the common case (usage reported) never reads any of it.
 */
public final class StreamedText {

    /** Raw event bytes kept before they are folded into text. */
    static final int RAW_LIMIT = 4 * 1024;

    private final List<Buffer> raw = new ArrayList<>();
    private int rawBytes;
    private StringBuilder text;

    /** Complete SSE events, as sent to the client. */
    public void add(Buffer events) {
        raw.add(events);
        rawBytes += events.length();
        if (rawBytes > RAW_LIMIT) {
            fold();
        }
    }

    public boolean isEmpty() {
        return raw.isEmpty() && text == null;
    }

    /** The generated text of everything added (OpenAI chunks: delta contents or completion texts). */
    public String text() {
        fold();
        return text.toString();
    }

    /** Bytes of events kept as they came (not yet folded). */
    int rawBytes() {
        return rawBytes;
    }

    private void fold() {
        if (text == null) {
            text = new StringBuilder();
        }
        for (Buffer events : raw) {
            TokenCounter.appendGenerated(events, text);
        }
        raw.clear();
        rawBytes = 0;
    }
}
