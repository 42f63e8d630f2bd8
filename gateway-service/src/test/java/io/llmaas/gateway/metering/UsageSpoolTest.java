package io.llmaas.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;

/** The durable spool: appended batches come back in order, survive a restart, and a torn last line is skipped. */
class UsageSpoolTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @TempDir
    Path dir;

    @Test
    void batchesAreReplayedInTheOrderTheyWereWrittenAcrossFilesAndRestarts() throws Exception {
        try (UsageSpool spool = new UsageSpool(dir, 600, JSON)) {
            for (int i = 0; i < 5; i++) {
                spool.append(batch("b" + i));
            }
            assertThat(spool.fileCount()).isGreaterThan(1);
            assertThat(spool.bytes()).isPositive();
        }
        try (UsageSpool spool = new UsageSpool(dir, 600, JSON)) {
            List<String> sent = new ArrayList<>();
            // usage-service goes away after two batches: the third stays first.
            assertThat(spool.replay(batch -> sent.size() < 2 && sent.add(id(batch)))).isEqualTo(2);
            assertThat(spool.isEmpty()).isFalse();
            spool.append(batch("b5"));
            assertThat(spool.replay(batch -> sent.add(id(batch)))).isEqualTo(4);
            assertThat(sent).containsExactly("b0", "b1", "b2", "b3", "b4", "b5");
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void aReplayStoppedInTheFileBeingWrittenResumesThereWhileLaterBatchesGoToANewFile() throws Exception {
        try (UsageSpool spool = new UsageSpool(dir, 1 << 20, JSON)) {
            spool.append(batch("b0"));
            spool.append(batch("b1"));
            List<String> sent = new ArrayList<>();
            // The gateway stops a replay when memory fills up again (and appends behind it meanwhile).
            assertThat(spool.replay(batch -> sent.isEmpty() && sent.add(id(batch)))).isOne();
            spool.append(batch("b2"));
            assertThat(spool.fileCount()).isEqualTo(2);
            spool.append(batch("b3"));
            assertThat(spool.replay(batch -> sent.size() < 3 && sent.add(id(batch)))).isEqualTo(2);
            spool.append(batch("b4"));

            assertThat(spool.replay(batch -> sent.add(id(batch)))).isEqualTo(2);
            assertThat(sent).containsExactly("b0", "b1", "b2", "b3", "b4");
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void aTornLastLineFromACrashIsSkipped() throws Exception {
        try (UsageSpool spool = new UsageSpool(dir, 1 << 20, JSON)) {
            spool.append(batch("whole"));
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("spool-")).findFirst().orElseThrow();
        }
        Files.writeString(file, "{\"gatewayId\":\"g\",\"batchId\":\"torn\",\"ev", StandardOpenOption.APPEND);
        try (UsageSpool spool = new UsageSpool(dir, 1 << 20, JSON)) {
            List<String> sent = new ArrayList<>();
            spool.replay(batch -> sent.add(id(batch)));
            assertThat(sent).containsExactly("whole");
            assertThat(spool.skippedLines()).isEqualTo(1);
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void oneGatewayProcessPerDirectory() {
        try (UsageSpool spool = new UsageSpool(dir, 1 << 20, JSON)) {
            assertThatThrownBy(() -> new UsageSpool(dir, 1 << 20, JSON)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another gateway process");
        }
    }

    private static SerializedBatch batch(String id) throws Exception {
        return SerializedBatch.of("\"g\"", id, List.of(JSON.writeValueAsBytes(new UsageEvent("req-" + id,
                Instant.parse("2030-01-01T00:00:00Z"), "g", "k", null, "u", null, "m", "chat", "m/1", 11, 7,
                new BigDecimal("0.000030500"), 200, null, 12, 5L, false, false, null, null))));
    }

    /** The batch id of a replayed line, which is passed on as it was written. */
    private static String id(SerializedBatch batch) {
        try {
            UsageBatch read = JSON.readValue(batch.json(), UsageBatch.class);
            assertThat(read.events()).hasSize(batch.events());
            return read.batchId();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
