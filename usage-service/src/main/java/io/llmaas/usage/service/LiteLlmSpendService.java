package io.llmaas.usage.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.usage.client.KeysClient;
import io.llmaas.usage.repository.RollupRepository;
import io.llmaas.usage.repository.RollupRepository.Cell;
import io.llmaas.usage.repository.UsageEventReader;
import io.llmaas.usage.repository.UsageEventReader.StoredEvent;
import io.llmaas.usage.repository.UsageFilter;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * LiteLLM's spend endpoints with LiteLLM's field names, so LiteLLM clients and dashboards keep working: {@code
 * /spend/logs} (per-request logs, or per-day summaries) and {@code /global/spend/report} (per day and team or
 * customer, or per key). Differences, by design: {@code api_key} in answers is our key id (we never see key hashes in
 * usage events); {@code team_name} is the team id; a "customer" is the platform user the key belongs to.
 */
@ApplicationScoped
public class LiteLlmSpendService {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final String UNASSIGNED_TEAM = "Unassigned Team";

    private final RollupRepository rollups;
    private final UsageEventReader events;
    private final KeysClient keys;
    private final ObjectMapper json;

    LiteLlmSpendService(RollupRepository rollups, UsageEventReader events, KeysClient keys, ObjectMapper json) {
        this.rollups = rollups;
        this.events = events;
        this.keys = keys;
        this.json = json;
    }

    /**
     * The key id behind LiteLLM's {@code api_key} parameter: a raw key ({@code sk-…}, hashed here) or a hex SHA-256
     * hash is looked up in keys-service; anything else is taken as our key id. Empty when keys-service does not know
     * the key.
     */
    public Optional<String> resolveKeyId(String apiKey) {
        if (apiKey.startsWith("sk-") || HEX_SHA256.matcher(apiKey).matches()) {
            String hash = apiKey.startsWith("sk-") ? sha256Hex(apiKey) : apiKey.toLowerCase();
            try {
                return keys.findKey(hash).map(KeyPrincipal::keyId);
            } catch (RuntimeException e) {
                throw ApiException.unavailable("keys-service could not resolve api_key; pass the key id instead");
            }
        }
        return Optional.of(apiKey);
    }

    /** {@code summarize=true}: per day, total spend plus spend per key, per user ({@code users}) and model. */
    public List<Map<String, Object>> dailySummary(UsageFilter filter) {
        List<Cell> cells = QuarkusTransaction.requiringNew().call(() -> rollups.dailyCells(filter));
        Map<LocalDate, Map<String, Object>> days = new TreeMap<>();
        for (LocalDate d = day(filter.from()); d.isBefore(day(filter.to())); d = d.plusDays(1)) {
            days.put(d, emptyDay(d));
        }
        for (Cell cell : cells) {
            Map<String, Object> day = days.computeIfAbsent(day(cell.bucket()), this::emptyDay);
            BigDecimal cost = cell.totals().costUsd();
            day.merge("spend", cost, (a, b) -> ((BigDecimal) a).add((BigDecimal) b));
            day.merge(String.valueOf(cell.keyId()), cost, (a, b) -> ((BigDecimal) a).add((BigDecimal) b));
            add(nested(day, "users"), String.valueOf(cell.userId()), cost);
            add(nested(day, "models"), cell.model(), cost);
        }
        return new ArrayList<>(days.values());
    }

    /** The stored event with this request id, as a one-element LiteLLM log list (empty if unknown or expired). */
    public Optional<StoredEvent> byRequestId(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> events.byRequestId(requestId));
    }

    /** Streams per-request logs of {@code filter} as a JSON array of LiteLLM spend-log objects, newest first. */
    public void writeLogs(UsageFilter filter, OutputStream out) throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            events.stream(filter, true, e -> writeLog(g, e));
            g.writeEndArray();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Spend log stream failed", e);
        }
    }

    public void writeLogs(List<StoredEvent> logs, OutputStream out) throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            logs.forEach(e -> writeLog(g, e));
            g.writeEndArray();
        }
    }

    /** {@code group_by=team} or {@code customer}: per day, per team (customer), spend with per key × model detail. */
    public List<Map<String, Object>> reportByDay(UsageFilter filter, boolean byTeam) {
        List<Cell> cells = QuarkusTransaction.requiringNew().call(() -> rollups.dailyCells(filter));
        String listName = byTeam ? "teams" : "customers";
        Function<Cell, String> groupOf = byTeam ? c -> c.teamId() == null ? UNASSIGNED_TEAM : c.teamId()
                : Cell::userId;
        Map<Instant, Map<String, List<Cell>>> byDay = new TreeMap<>();
        for (Cell cell : cells) {
            byDay.computeIfAbsent(cell.bucket(), d -> new LinkedHashMap<>())
                    .computeIfAbsent(groupOf.apply(cell), g -> new ArrayList<>()).add(cell);
        }
        List<Map<String, Object>> report = new ArrayList<>();
        byDay.forEach((day, groups) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            groups.forEach((group, groupCells) -> {
                Map<String, Map<String, Object>> perKeyModel = new LinkedHashMap<>();
                BigDecimal total = BigDecimal.ZERO;
                for (Cell c : groupCells) {
                    total = total.add(c.totals().costUsd());
                    Map<String, Object> m = perKeyModel.computeIfAbsent(c.keyId() + "\u0000" + c.model(), k -> {
                        Map<String, Object> fresh = new LinkedHashMap<>();
                        fresh.put("model", c.model());
                        fresh.put("api_key", c.keyId());
                        fresh.put("spend", BigDecimal.ZERO);
                        fresh.put("total_tokens", 0L);
                        return fresh;
                    });
                    m.put("spend", ((BigDecimal) m.get("spend")).add(c.totals().costUsd()));
                    m.put("total_tokens", (Long) m.get("total_tokens") + c.totals().promptTokens()
                            + c.totals().completionTokens());
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(byTeam ? "team_name" : "customer", group);
                entry.put("total_spend", total);
                entry.put("metadata", new ArrayList<>(perKeyModel.values()));
                entries.add(entry);
            });
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group_by_day", day.atOffset(ZoneOffset.UTC).toString());
            row.put(listName, entries);
            report.add(row);
        });
        return report;
    }

    /** {@code group_by=api_key}: per key, total cost and tokens with per-model detail, most expensive first. */
    public List<Map<String, Object>> reportByKey(UsageFilter filter) {
        List<Cell> cells = QuarkusTransaction.requiringNew().call(() -> rollups.dailyCells(filter));
        Map<String, Map<String, long[]>> tokens = new LinkedHashMap<>();
        Map<String, Map<String, BigDecimal>> costs = new LinkedHashMap<>();
        for (Cell c : cells) {
            String key = String.valueOf(c.keyId());
            long[] t = tokens.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(c.model(), m -> new long[2]);
            t[0] += c.totals().promptTokens();
            t[1] += c.totals().completionTokens();
            costs.computeIfAbsent(key, k -> new TreeMap<>()).merge(c.model(), c.totals().costUsd(), BigDecimal::add);
        }
        List<Map<String, Object>> report = new ArrayList<>();
        costs.forEach((key, perModel) -> {
            BigDecimal totalCost = BigDecimal.ZERO;
            long input = 0;
            long output = 0;
            List<Map<String, Object>> details = new ArrayList<>();
            for (Map.Entry<String, BigDecimal> m : perModel.entrySet()) {
                long[] t = tokens.get(key).get(m.getKey());
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("model", m.getKey());
                detail.put("total_cost", m.getValue());
                detail.put("total_input_tokens", t[0]);
                detail.put("total_output_tokens", t[1]);
                details.add(detail);
                totalCost = totalCost.add(m.getValue());
                input += t[0];
                output += t[1];
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("api_key", key);
            row.put("total_cost", totalCost);
            row.put("total_input_tokens", input);
            row.put("total_output_tokens", output);
            row.put("model_details", details);
            report.add(row);
        });
        report.sort((a, b) -> ((BigDecimal) b.get("total_cost")).compareTo((BigDecimal) a.get("total_cost")));
        return report;
    }

    private static void writeLog(JsonGenerator g, StoredEvent e) {
        try {
            g.writeStartObject();
            g.writeStringField("request_id", e.requestId());
            g.writeStringField("call_type", callType(e.endpoint()));
            g.writeStringField("api_key", e.keyId());
            g.writeNumberField("spend", e.costUsd());
            g.writeNumberField("total_tokens", e.promptTokens() + e.completionTokens());
            g.writeNumberField("prompt_tokens", e.promptTokens());
            g.writeNumberField("completion_tokens", e.completionTokens());
            g.writeStringField("startTime", e.timestamp().toString());
            g.writeStringField("endTime", e.timestamp().plusMillis(e.latencyMs()).toString());
            g.writeStringField("completionStartTime",
                    e.ttftMs() == null ? null : e.timestamp().plusMillis(e.ttftMs()).toString());
            g.writeStringField("model", e.model());
            g.writeStringField("model_id", e.deploymentId());
            g.writeStringField("model_group", e.model());
            g.writeStringField("user", e.userId());
            g.writeStringField("team_id", e.teamId());
            g.writeStringField("end_user", null);
            g.writeStringField("status", e.status() < 400 ? "success" : "failure");
            g.writeFieldName("metadata");
            g.writeStartObject();
            g.writeStringField("user_api_key_alias", e.keyAlias());
            g.writeStringField("gateway_id", e.gatewayId());
            g.writeNumberField("http_status", e.status());
            g.writeStringField("error_type", e.errorType());
            g.writeBooleanField("streamed", e.streamed());
            g.writeBooleanField("estimated_tokens", e.estimated());
            g.writeStringField("budget_lease_id", e.budgetLeaseId());
            g.writeFieldName("tags");
            if (e.metadataJson() == null) {
                g.writeNull();
            } else {
                g.writeRawValue(e.metadataJson());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    static String callType(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        return switch (endpoint) {
            case "chat" -> "acompletion";
            case "completions" -> "atext_completion";
            case "embeddings" -> "aembedding";
            default -> endpoint;
        };
    }

    private Map<String, Object> emptyDay(LocalDate day) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("startTime", day.toString());
        entry.put("spend", BigDecimal.ZERO);
        entry.put("users", new TreeMap<String, BigDecimal>());
        entry.put("models", new TreeMap<String, BigDecimal>());
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, BigDecimal> nested(Map<String, Object> day, String name) {
        return (Map<String, BigDecimal>) day.get(name);
    }

    private static void add(Map<String, BigDecimal> totals, String name, BigDecimal cost) {
        totals.merge(name, cost, BigDecimal::add);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
