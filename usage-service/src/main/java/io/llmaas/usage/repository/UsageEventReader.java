package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.llmaas.usage.config.UsageConfig;

/**
 * Reads raw usage events as a stream: a server-side cursor (PostgreSQL only uses one with auto-commit off and a fetch
 * size) hands over {@code usage.export.fetch-size} rows per round trip, so memory stays flat for any range.
 */
@ApplicationScoped
public class UsageEventReader {

    static final String COLUMNS = """
            request_id, ts, gateway_id, key_id, key_alias, user_id, team_id, model, endpoint, deployment_id,
            prompt_tokens, completion_tokens, cost_usd, status, error_type, latency_ms, ttft_ms, streamed, estimated,
            budget_lease_id, metadata::text""";

    private final AgroalDataSource dataSource;
    private final int fetchSize;

    UsageEventReader(AgroalDataSource dataSource, UsageConfig config) {
        this.dataSource = dataSource;
        this.fetchSize = config.export().fetchSize();
    }

    /** A stored event as read back (metadata as its JSON text). */
    public record StoredEvent(String requestId, Instant timestamp, String gatewayId, String keyId, String keyAlias,
            String userId, String teamId, String model, String endpoint, String deploymentId, long promptTokens,
            long completionTokens, BigDecimal costUsd, int status, String errorType, long latencyMs, Long ttftMs,
            boolean streamed, boolean estimated, String budgetLeaseId, String metadataJson) {

        static StoredEvent read(ResultSet rs) throws SQLException {
            long ttft = rs.getLong(17);
            Long ttftMs = rs.wasNull() ? null : ttft;
            return new StoredEvent(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getBigDecimal(13), rs.getInt(14),
                    rs.getString(15), rs.getLong(16), ttftMs, rs.getBoolean(18), rs.getBoolean(19),
                    rs.getString(20), rs.getString(21));
        }
    }

    /** Receives streamed events one at a time; may throw to abort the stream (e.g. the client went away). */
    @FunctionalInterface
    public interface EventSink {
        void accept(StoredEvent event) throws Exception;
    }

    /**
     * Feeds every event matching {@code filter} to {@code sink}, in time order (newest first if asked), without ever
     * holding more than one fetch of rows.
     *
     * @return how many events were streamed
     */
    public long stream(UsageFilter filter, boolean newestFirst, EventSink sink) throws Exception {
        UsageFilter.SqlWhere where = filter.where("ts");
        String sql = "SELECT " + COLUMNS + " FROM usage.usage_event WHERE " + where.sql() + " ORDER BY ts "
                + (newestFirst ? "DESC" : "ASC");
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setFetchSize(fetchSize);
                for (int i = 0; i < where.params().size(); i++) {
                    s.setObject(i + 1, where.params().get(i));
                }
                long count = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(StoredEvent.read(rs));
                        count++;
                    }
                }
                return count;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** The event with this request id, if it is still within the raw retention window. */
    public Optional<StoredEvent> byRequestId(String requestId) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM usage.usage_event WHERE request_id = ? AND ts = "
                + "(SELECT ts FROM usage.event_key WHERE request_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, requestId);
            s.setString(2, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(StoredEvent.read(rs)) : Optional.empty();
            }
        }
    }
}
