package io.llmaas.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;

/** A reused buffer writes each batch as Jackson would have, whatever the batch before it left in the array. */
class BatchBufferTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void aBufferGrowsAndIsReusedForTheNextBatch() throws Exception {
        BatchBuffer buffer = new BatchBuffer(JSON.writeValueAsString("gw-1"), 16);
        List<UsageEvent> many = events(50);
        buffer.start("b-1");
        for (UsageEvent event : many) {
            buffer.add(JSON.writeValueAsBytes(event));
        }
        SerializedBatch first = buffer.end();
        assertThat(first.events()).isEqualTo(50);
        assertThat(read(first)).isEqualTo(new UsageBatch("gw-1", "b-1", many));

        // The second batch is shorter: the bytes the first one left behind its end are not part of it.
        List<UsageEvent> few = events(2);
        buffer.start("b-2");
        for (UsageEvent event : few) {
            buffer.add(JSON.writeValueAsBytes(event));
        }
        SerializedBatch second = buffer.end();

        assertThat(second.json()).isSameAs(first.json());
        assertThat(second.length()).isLessThan(first.length());
        assertThat(read(second)).isEqualTo(new UsageBatch("gw-1", "b-2", few));
        assertThat(buffer.end().length()).as("ending twice adds nothing").isEqualTo(second.length());
    }

    @Test
    void nothingIsAddedToACompleteBatch() throws Exception {
        BatchBuffer buffer = new BatchBuffer("\"g\"", 1024).start("b-0");
        buffer.end();

        assertThatThrownBy(() -> buffer.add(JSON.writeValueAsBytes(events(1).get(0))))
                .isInstanceOf(IllegalStateException.class);
    }

    private static UsageBatch read(SerializedBatch batch) throws Exception {
        return JSON.readValue(Arrays.copyOf(batch.json(), batch.length()), UsageBatch.class);
    }

    private static List<UsageEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> new UsageEvent("req-" + i,
                Instant.parse("2030-01-01T00:00:00Z"), "gw-1", "k", "alias", "u", null, "m", "chat", "m/1", 11 + i, 7,
                new BigDecimal("0.000030500"), 200, null, 12, null, false, false, null, null)).toList();
    }
}
