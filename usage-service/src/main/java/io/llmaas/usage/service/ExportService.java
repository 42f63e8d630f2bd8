package io.llmaas.usage.service;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.usage.repository.UsageEventReader;
import io.llmaas.usage.repository.UsageEventReader.StoredEvent;
import io.llmaas.usage.repository.UsageFilter;

/**
 * Streams raw usage events as CSV or JSON straight from a database cursor to the response: one row in memory at a
 * time, whatever the range. Raw events exist within the retention window only; older usage lives in the rollups.
 */
@ApplicationScoped
public class ExportService {

    public enum Format {
        CSV("text/csv"),
        JSON("application/json");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    static final String[] CSV_HEADER = { "request_id", "timestamp", "gateway_id", "key_id", "key_alias", "user_id",
            "team_id", "model", "endpoint", "deployment_id", "prompt_tokens", "completion_tokens", "total_tokens",
            "cost_usd", "status", "error_type", "latency_ms", "ttft_ms", "streamed", "estimated", "budget_lease_id",
            "metadata" };

    private final UsageEventReader reader;
    private final ObjectMapper json;

    ExportService(UsageEventReader reader, ObjectMapper json) {
        this.reader = reader;
        this.json = json;
    }

    /** Writes every event of {@code filter}, oldest first, to {@code out}; answers how many. */
    public long write(UsageFilter filter, Format format, OutputStream out) throws IOException {
        try {
            return format == Format.CSV ? writeCsv(filter, out) : writeJson(filter, out);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Export failed", e);
        }
    }

    private long writeCsv(UsageFilter filter, OutputStream out) throws Exception {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        w.write(String.join(",", CSV_HEADER));
        w.write('\n');
        long count = reader.stream(filter, false, e -> csvRow(w, e));
        w.flush();
        return count;
    }

    private static void csvRow(Writer w, StoredEvent e) throws IOException {
        Object[] values = { e.requestId(), e.timestamp(), e.gatewayId(), e.keyId(), e.keyAlias(), e.userId(),
                e.teamId(), e.model(), e.endpoint(), e.deploymentId(), e.promptTokens(), e.completionTokens(),
                e.promptTokens() + e.completionTokens(), e.costUsd().toPlainString(), e.status(), e.errorType(),
                e.latencyMs(), e.ttftMs(), e.streamed(), e.estimated(), e.budgetLeaseId(), e.metadataJson() };
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            if (values[i] != null) {
                w.write(csvField(values[i].toString()));
            }
        }
        w.write('\n');
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not evaluate it. */
    static String csvField(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !looksNumeric(value) ? "'" + value
                : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static boolean looksNumeric(String value) {
        return value.matches("-?\\d+(\\.\\d+)?");
    }

    private long writeJson(UsageFilter filter, OutputStream out) throws Exception {
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            long count = reader.stream(filter, false, e -> jsonEvent(g, e));
            g.writeEndArray();
            return count;
        }
    }

    private static void jsonEvent(JsonGenerator g, StoredEvent e) {
        try {
            g.writeStartObject();
            g.writeStringField("requestId", e.requestId());
            g.writeStringField("timestamp", e.timestamp().toString());
            g.writeStringField("gatewayId", e.gatewayId());
            g.writeStringField("keyId", e.keyId());
            g.writeStringField("keyAlias", e.keyAlias());
            g.writeStringField("userId", e.userId());
            g.writeStringField("teamId", e.teamId());
            g.writeStringField("model", e.model());
            g.writeStringField("endpoint", e.endpoint());
            g.writeStringField("deploymentId", e.deploymentId());
            g.writeNumberField("promptTokens", e.promptTokens());
            g.writeNumberField("completionTokens", e.completionTokens());
            g.writeNumberField("costUsd", e.costUsd());
            g.writeNumberField("status", e.status());
            g.writeStringField("errorType", e.errorType());
            g.writeNumberField("latencyMs", e.latencyMs());
            if (e.ttftMs() == null) {
                g.writeNullField("ttftMs");
            } else {
                g.writeNumberField("ttftMs", e.ttftMs());
            }
            g.writeBooleanField("streamed", e.streamed());
            g.writeBooleanField("estimated", e.estimated());
            g.writeStringField("budgetLeaseId", e.budgetLeaseId());
            g.writeFieldName("metadata");
            if (e.metadataJson() == null) {
                g.writeNull();
            } else {
                g.writeRawValue(e.metadataJson());
            }
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }
}
