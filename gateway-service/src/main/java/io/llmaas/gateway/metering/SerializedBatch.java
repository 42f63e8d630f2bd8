package io.llmaas.gateway.metering;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A usage batch as the JSON usage-service ingests ({@code UsageBatch}: gateway id, batch id, events), ready to send or
 * to spool, and the number of events in it. Built from events already written as JSON, so making a batch copies bytes
 * and writes no event.
 */
public record SerializedBatch(byte[] json, int events) {

    /**
     * @param gatewayIdJson the gateway id as a JSON string (quoted and escaped)
     * @param batchId a UUID (nothing to escape)
     */
    static SerializedBatch of(String gatewayIdJson, String batchId, List<byte[]> events) {
        byte[] head = ("{\"gatewayId\":" + gatewayIdJson + ",\"batchId\":\"" + batchId + "\",\"events\":[")
                .getBytes(StandardCharsets.UTF_8);
        int size = head.length + Math.max(0, events.size() - 1) + 2;
        for (byte[] event : events) {
            size += event.length;
        }
        byte[] json = new byte[size];
        System.arraycopy(head, 0, json, 0, head.length);
        int at = head.length;
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                json[at++] = ',';
            }
            byte[] event = events.get(i);
            System.arraycopy(event, 0, json, at, event.length);
            at += event.length;
        }
        json[at++] = ']';
        json[at] = '}';
        return new SerializedBatch(json, events.size());
    }
}
