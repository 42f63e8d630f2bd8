package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.UsageEvent;

/**
 * Writes usage events set-based: one statement stores a whole batch, skips request ids already stored, and feeds only
 * the newly stored events into the hourly and daily rollups and the settlement outbox. It must run inside the caller's
 * transaction so that events, rollups and outbox can never disagree.
 */
@ApplicationScoped
public class UsageEventRepository {

    /** Master-key requests carry this key id (or none): they are stored and rolled up but never settled. */
    public static final String MASTER_KEY_ID = "master";

    private static final String INSERT_BATCH = """
            WITH input AS (
                SELECT request_id, to_timestamp(ts_micros::float8 / 1000000) AS ts, gateway_id, key_id, key_alias,
                       user_id, team_id, model, endpoint, deployment_id, prompt_tokens, completion_tokens, cost_usd,
                       status, error_type, latency_ms, ttft_ms, streamed, estimated, budget_lease_id, metadata, batch
                FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                            ?::numeric[], ?::integer[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[],
                            ?::boolean[], ?::text[], ?::jsonb[], ?::integer[])
                    AS t(request_id, ts_micros, gateway_id, key_id, key_alias, user_id, team_id, model, endpoint,
                         deployment_id, prompt_tokens, completion_tokens, cost_usd, status, error_type, latency_ms,
                         ttft_ms, streamed, estimated, budget_lease_id, metadata, batch)
            ),
            fresh AS (
                INSERT INTO usage.event_key (request_id, ts)
                SELECT request_id, ts FROM input
                ON CONFLICT (request_id) DO NOTHING
                RETURNING request_id
            ),
            stored AS (
                INSERT INTO usage.usage_event (request_id, ts, gateway_id, key_id, key_alias, user_id, team_id, model,
                        endpoint, deployment_id, prompt_tokens, completion_tokens, cost_usd, status, error_type,
                        latency_ms, ttft_ms, streamed, estimated, budget_lease_id, metadata)
                SELECT i.request_id, i.ts, i.gateway_id, i.key_id, i.key_alias, i.user_id, i.team_id, i.model,
                       i.endpoint, i.deployment_id, i.prompt_tokens, i.completion_tokens, i.cost_usd, i.status,
                       i.error_type, i.latency_ms, i.ttft_ms, i.streamed, i.estimated, i.budget_lease_id, i.metadata
                FROM input i JOIN fresh f ON f.request_id = i.request_id
                RETURNING request_id, ts, key_id, user_id, team_id, model, prompt_tokens, completion_tokens, cost_usd,
                          status, streamed, estimated, budget_lease_id
            ),
            hourly AS (
                INSERT INTO usage.rollup_hourly AS r (bucket, key_id, user_id, team_id, model, requests, prompt_tokens,
                        completion_tokens, cost_usd, errors, streamed, estimated)
                SELECT date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', coalesce(key_id, ''),
                       coalesce(user_id, ''), coalesce(team_id, ''), model, count(*), sum(prompt_tokens),
                       sum(completion_tokens), sum(cost_usd), count(*) FILTER (WHERE status >= 400),
                       count(*) FILTER (WHERE streamed), count(*) FILTER (WHERE estimated)
                FROM stored GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
                ON CONFLICT (bucket, key_id, user_id, team_id, model) DO UPDATE SET
                    requests = r.requests + excluded.requests,
                    prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = r.completion_tokens + excluded.completion_tokens,
                    cost_usd = r.cost_usd + excluded.cost_usd,
                    errors = r.errors + excluded.errors,
                    streamed = r.streamed + excluded.streamed,
                    estimated = r.estimated + excluded.estimated
            ),
            daily AS (
                INSERT INTO usage.rollup_daily AS r (bucket, key_id, user_id, team_id, model, requests, prompt_tokens,
                        completion_tokens, cost_usd, errors, streamed, estimated)
                SELECT date_trunc('day', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', coalesce(key_id, ''),
                       coalesce(user_id, ''), coalesce(team_id, ''), model, count(*), sum(prompt_tokens),
                       sum(completion_tokens), sum(cost_usd), count(*) FILTER (WHERE status >= 400),
                       count(*) FILTER (WHERE streamed), count(*) FILTER (WHERE estimated)
                FROM stored GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
                ON CONFLICT (bucket, key_id, user_id, team_id, model) DO UPDATE SET
                    requests = r.requests + excluded.requests,
                    prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = r.completion_tokens + excluded.completion_tokens,
                    cost_usd = r.cost_usd + excluded.cost_usd,
                    errors = r.errors + excluded.errors,
                    streamed = r.streamed + excluded.streamed,
                    estimated = r.estimated + excluded.estimated
            ),
            pending AS (
                INSERT INTO usage.settlement_pending AS p (lease_id, key_id, user_id, team_id, model, hour, cost_usd,
                        requests)
                SELECT coalesce(budget_lease_id, ''), key_id, coalesce(user_id, ''), coalesce(team_id, ''), model,
                       date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', sum(cost_usd), count(*)
                FROM stored WHERE key_id IS NOT NULL AND key_id <> 'master'
                GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
                ON CONFLICT (lease_id, key_id, user_id, team_id, model, hour) DO UPDATE SET
                    cost_usd = p.cost_usd + excluded.cost_usd,
                    requests = p.requests + excluded.requests
            )
            SELECT i.batch, s.model, s.team_id, count(*), sum(s.prompt_tokens), sum(s.completion_tokens),
                   sum(s.cost_usd)
            FROM stored s JOIN input i ON i.request_id = s.request_id
            GROUP BY i.batch, s.model, s.team_id
            """;

    private final AgroalDataSource dataSource;

    UsageEventRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Newly stored events of one batch ({@code batch} is its index in the {@code batches} of {@link #insertNew}),
     * summed per model and team (for the answer and the spend and token metrics).
     */
    public record StoredGroup(int batch, String model, String teamId, long requests, long promptTokens,
            long completionTokens, BigDecimal costUsd) {
    }

    /**
     * Stores the events whose request id is new, in the current transaction; events must have distinct request ids
     * and be sorted by request id (so concurrent writers lock in the same order and cannot deadlock each other).
     * {@code batches[i]} says which of the caller's batches event i came from; the answer is summed per batch.
     */
    public List<StoredGroup> insertNew(List<UsageEvent> events, int[] batches) throws SQLException {
        int n = events.size();
        Integer[] batchOf = new Integer[n];
        String[] requestIds = new String[n];
        Long[] timestamps = new Long[n];
        String[] gatewayIds = new String[n];
        String[] keyIds = new String[n];
        String[] keyAliases = new String[n];
        String[] userIds = new String[n];
        String[] teamIds = new String[n];
        String[] models = new String[n];
        String[] endpoints = new String[n];
        String[] deploymentIds = new String[n];
        Long[] promptTokens = new Long[n];
        Long[] completionTokens = new Long[n];
        String[] costs = new String[n];
        Integer[] statuses = new Integer[n];
        String[] errorTypes = new String[n];
        Long[] latencies = new Long[n];
        Long[] ttfts = new Long[n];
        Boolean[] streamed = new Boolean[n];
        Boolean[] estimated = new Boolean[n];
        String[] leaseIds = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            UsageEvent e = events.get(i);
            requestIds[i] = e.requestId();
            timestamps[i] = epochMicros(e.timestamp());
            gatewayIds[i] = blankToNull(e.gatewayId());
            keyIds[i] = blankToNull(e.keyId());
            keyAliases[i] = blankToNull(e.keyAlias());
            userIds[i] = blankToNull(e.userId());
            teamIds[i] = blankToNull(e.teamId());
            models[i] = e.model();
            endpoints[i] = blankToNull(e.endpoint());
            deploymentIds[i] = blankToNull(e.deploymentId());
            promptTokens[i] = e.promptTokens();
            completionTokens[i] = e.completionTokens();
            costs[i] = e.costUsd() == null ? "0" : e.costUsd().toPlainString();
            statuses[i] = e.status();
            errorTypes[i] = blankToNull(e.errorType());
            latencies[i] = e.latencyMs();
            ttfts[i] = e.ttftMs();
            streamed[i] = e.streamed();
            estimated[i] = e.estimated();
            leaseIds[i] = blankToNull(e.budgetLeaseId());
            metadata[i] = jsonObject(e.metadata());
            batchOf[i] = batches[i];
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT_BATCH)) {
            withoutJit(c);
            List<Array> arrays = List.of(
                    c.createArrayOf("text", requestIds), c.createArrayOf("int8", timestamps),
                    c.createArrayOf("text", gatewayIds), c.createArrayOf("text", keyIds),
                    c.createArrayOf("text", keyAliases), c.createArrayOf("text", userIds),
                    c.createArrayOf("text", teamIds), c.createArrayOf("text", models),
                    c.createArrayOf("text", endpoints), c.createArrayOf("text", deploymentIds),
                    c.createArrayOf("int8", promptTokens), c.createArrayOf("int8", completionTokens),
                    c.createArrayOf("text", costs), c.createArrayOf("int4", statuses),
                    c.createArrayOf("text", errorTypes), c.createArrayOf("int8", latencies),
                    c.createArrayOf("int8", ttfts), c.createArrayOf("bool", streamed),
                    c.createArrayOf("bool", estimated), c.createArrayOf("text", leaseIds),
                    c.createArrayOf("text", metadata), c.createArrayOf("int4", batchOf));
            for (int i = 0; i < arrays.size(); i++) {
                s.setArray(i + 1, arrays.get(i));
            }
            List<StoredGroup> groups = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    groups.add(new StoredGroup(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7)));
                }
            }
            return groups;
        }
    }

    /**
     * No JIT compilation for the rest of this transaction. The planner's cost of the batch statement grows with the
     * tables' statistics; once it passes {@code jit_above_cost}, PostgreSQL compiles the statement with LLVM at every
     * execution (it is never cached), which tripled the database's CPU per event (bench/ANALYSIS.md). The statement
     * is set-based and runs for milliseconds: there is nothing for compiled expressions to win back.
     */
    private static void withoutJit(Connection c) throws SQLException {
        try (Statement set = c.createStatement()) {
            set.execute("SET LOCAL jit = off");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Microseconds since the epoch, rounded as PostgreSQL rounds a timestamp's text to its microsecond resolution
     * (half to even). Timestamps travel as numbers: formatting and parsing them as text cost more than the rest of an
     * event's columns together.
     */
    static long epochMicros(Instant t) {
        long micros = (long) Math.rint(t.getNano() / 1000.0);
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), micros);
    }

    /** The metadata as a JSON object (validated before: keys are never null). */
    static String jsonObject(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder(32 * metadata.size()).append('{');
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quoted(json, entry.getKey()).append(':');
            if (entry.getValue() == null) {
                json.append("null");
            } else {
                quoted(json, entry.getValue());
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder quoted(StringBuilder json, String text) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        return json.append('"');
    }
}
