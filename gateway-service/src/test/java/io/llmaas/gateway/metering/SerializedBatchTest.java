package io.llmaas.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;

/** A batch made of events already written as JSON reads back as the batch Jackson would have written. */
class SerializedBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void readsBackAsTheSameBatch() throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UsageEvent event = new UsageEvent("req-" + i, Instant.parse("2030-01-01T00:00:00Z"), "gw \"one\"", "k",
                    "alias ü", "u", null, "m", "chat", "m/1", 11 + i, 7, new BigDecimal("0.000030500"), 200, null, 12,
                    i == 0 ? null : 5L, i == 1, false, null, i == 2 ? Map.of("team", "a,\"b\"]}") : null);
            events.add(event);
            written.add(JSON.writeValueAsBytes(event));
        }
        String gatewayId = "gw \"one\"\n";

        SerializedBatch batch = SerializedBatch.of(JSON.writeValueAsString(gatewayId), "b-1", written);

        assertThat(batch.events()).isEqualTo(3);
        assertThat(batch.length()).isEqualTo(batch.json().length);
        assertThat(JSON.readValue(batch.json(), UsageBatch.class)).isEqualTo(new UsageBatch(gatewayId, "b-1", events));
    }

    @Test
    void anEmptyBatchIsStillABatch() throws Exception {
        SerializedBatch batch = SerializedBatch.of("\"g\"", "b-0", List.of());

        assertThat(batch.events()).isZero();
        assertThat(JSON.readValue(batch.json(), UsageBatch.class)).isEqualTo(new UsageBatch("g", "b-0", List.of()));
    }
}
