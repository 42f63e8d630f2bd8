package io.llmaas.gateway.metering;

import java.util.Arrays;
import java.util.List;

/**
 * A usage batch as the JSON usage-service ingests ({@code UsageBatch}: gateway id, batch id, events), ready to send or
 * to spool: the first {@code length} bytes of {@code json}, and the number of events in it. A batch made by a
 * {@link BatchBuffer} shares its array, so it is valid until the buffer starts its next batch.
 */
public record SerializedBatch(byte[] json, int length, int events) {

    /** A batch that is the whole of {@code json}. */
    public SerializedBatch(byte[] json, int events) {
        this(json, json.length, events);
    }

    /**
     * A batch of events already written as JSON, in an array of its own and of its length.
     *
     * @param gatewayIdJson the gateway id as a JSON string (quoted and escaped)
     * @param batchId a UUID (nothing to escape)
     */
    static SerializedBatch of(String gatewayIdJson, String batchId, List<byte[]> events) {
        int size = 0;
        for (byte[] event : events) {
            size += event.length + 1;
        }
        BatchBuffer buffer = new BatchBuffer(gatewayIdJson, size + 128).start(batchId);
        events.forEach(buffer::add);
        SerializedBatch batch = buffer.end();
        return new SerializedBatch(Arrays.copyOf(batch.json(), batch.length()), batch.events());
    }
}
