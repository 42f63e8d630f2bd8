package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
                SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                                     ?::numeric[], ?::integer[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[],
                                     ?::boolean[], ?::text[], ?::jsonb[])
                    AS t(request_id, ts, gateway_id, key_id, key_alias, user_id, team_id, model, endpoint,
                         deployment_id, prompt_tokens, completion_tokens, cost_usd, status, error_type, latency_ms,
                         ttft_ms, streamed, estimated, budget_lease_id, metadata)
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
                SELECT i.* FROM input i JOIN fresh f ON f.request_id = i.request_id
                RETURNING ts, key_id, user_id, team_id, model, prompt_tokens, completion_tokens, cost_usd, status,
                          streamed, estimated, budget_lease_id
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
            SELECT model, team_id, count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
            FROM stored GROUP BY model, team_id
            """;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    UsageEventRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Newly stored events of one batch, summed per model and team (for the spend and token metrics). */
    public record StoredGroup(String model, String teamId, long requests, long promptTokens, long completionTokens,
            BigDecimal costUsd) {
    }

    /**
     * Stores the events whose request id is new, in the current transaction; events must have distinct request ids
     * and be sorted by request id (so concurrent batches lock in the same order and cannot deadlock each other).
     */
    public List<StoredGroup> insertNew(List<UsageEvent> events) throws SQLException {
        int n = events.size();
        String[] requestIds = new String[n];
        String[] timestamps = new String[n];
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
            timestamps[i] = e.timestamp().toString();
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
            metadata[i] = toJson(e.metadata());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT_BATCH)) {
            List<Array> arrays = List.of(
                    c.createArrayOf("text", requestIds), c.createArrayOf("text", timestamps),
                    c.createArrayOf("text", gatewayIds), c.createArrayOf("text", keyIds),
                    c.createArrayOf("text", keyAliases), c.createArrayOf("text", userIds),
                    c.createArrayOf("text", teamIds), c.createArrayOf("text", models),
                    c.createArrayOf("text", endpoints), c.createArrayOf("text", deploymentIds),
                    c.createArrayOf("int8", promptTokens), c.createArrayOf("int8", completionTokens),
                    c.createArrayOf("text", costs), c.createArrayOf("int4", statuses),
                    c.createArrayOf("text", errorTypes), c.createArrayOf("int8", latencies),
                    c.createArrayOf("int8", ttfts), c.createArrayOf("bool", streamed),
                    c.createArrayOf("bool", estimated), c.createArrayOf("text", leaseIds),
                    c.createArrayOf("text", metadata));
            for (int i = 0; i < arrays.size(); i++) {
                s.setArray(i + 1, arrays.get(i));
            }
            List<StoredGroup> groups = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    groups.add(new StoredGroup(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getBigDecimal(6)));
                }
            }
            return groups;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private String toJson(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serializable", e);
        }
    }
}
