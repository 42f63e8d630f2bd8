package io.llmaas.gateway.metering;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A usage batch written as the JSON usage-service ingests ({@code UsageBatch}: gateway id, batch id, events) one event
 * at a time, into a byte array that is kept for the next batch once this one is delivered.
 * <p>
 * Why an array that lives on: between the request that metered it and its batch's delivery an event waits a few
 * hundred milliseconds at a high rate, several young collections. Held as an array of its own it survived them and
 * was promoted, about 1 KB per request, and the old generation filled up within a second (a full collection of 30-45
 * ms every second at the gateway's maximum rate, bench/ANALYSIS.md). Copied into this array, each event's own bytes
 * die young, and the arrays themselves are promoted once and reused.
 * <p>
 * Not thread-safe: {@link UsageShipper} guards it.
 */
final class BatchBuffer {

    private static final byte[] EVENTS = "\",\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = {','};
    private static final byte[] END = {']', '}'};

    private final byte[] head;
    private byte[] bytes;
    private int length;
    private int events;
    private boolean ended;

    /**
     * @param gatewayIdJson the gateway id as a JSON string (quoted and escaped)
     * @param capacity bytes to start with; the array grows as needed and keeps its size for the next batches
     */
    BatchBuffer(String gatewayIdJson, int capacity) {
        this.head = ("{\"gatewayId\":" + gatewayIdJson + ",\"batchId\":\"").getBytes(StandardCharsets.UTF_8);
        this.bytes = new byte[Math.max(capacity, 256)];
    }

    /** Starts batch {@code batchId} (a UUID: nothing to escape), dropping what the buffer held. */
    BatchBuffer start(String batchId) {
        length = 0;
        events = 0;
        ended = false;
        put(head);
        put(batchId.getBytes(StandardCharsets.US_ASCII));
        put(EVENTS);
        return this;
    }

    /** Appends one event already written as JSON. */
    void add(byte[] event) {
        if (ended) {
            throw new IllegalStateException("the batch is complete");
        }
        if (events > 0) {
            put(COMMA);
        }
        put(event);
        events++;
    }

    int events() {
        return events;
    }

    /** Completes the batch; adds nothing after that until the next {@link #start}. */
    SerializedBatch end() {
        if (!ended) {
            put(END);
            ended = true;
        }
        return new SerializedBatch(bytes, length, events);
    }

    private void put(byte[] part) {
        if (length + part.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + part.length));
        }
        System.arraycopy(part, 0, bytes, length, part.length);
        length += part.length;
    }
}
