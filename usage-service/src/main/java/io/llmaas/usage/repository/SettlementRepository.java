package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.SpendSettlement;

/**
 * The settlement outbox: spend waiting to be settled ({@code settlement_pending}, filled by the ingest statement),
 * frozen into batches with a fixed id ({@code settlement_batch}, {@code settlement_batch_entry}) that are sent until
 * keys-service accepts them. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class SettlementRepository {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";

    private final AgroalDataSource dataSource;

    SettlementRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Unsettled spend of one key on one UTC day, split by where it waits. */
    public record Unsettled(String keyId, LocalDate day, String batchId, BigDecimal costUsd, long requests) {
    }

    /**
     * Moves up to {@code limit} pending entries into a new batch {@code batchId}.
     *
     * @return how many entries the batch holds (0: nothing was pending, no batch was made)
     */
    public int freeze(String batchId, int limit, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO usage.settlement_batch (batch_id, created_at, state, next_attempt_at)
                    VALUES (?, ?, 'PENDING', ?)""")) {
                s.setString(1, batchId);
                s.setTimestamp(2, Timestamp.from(now));
                s.setTimestamp(3, Timestamp.from(now));
                s.executeUpdate();
            }
            int moved;
            try (PreparedStatement s = c.prepareStatement("""
                    WITH taken AS (
                        DELETE FROM usage.settlement_pending p
                        USING (SELECT lease_id, key_id, user_id, team_id, model, hour FROM usage.settlement_pending
                               ORDER BY hour, key_id LIMIT ? FOR UPDATE SKIP LOCKED) t
                        WHERE (p.lease_id, p.key_id, p.user_id, p.team_id, p.model, p.hour)
                            = (t.lease_id, t.key_id, t.user_id, t.team_id, t.model, t.hour)
                        RETURNING p.*)
                    INSERT INTO usage.settlement_batch_entry (batch_id, lease_id, key_id, user_id, team_id, model, hour,
                            cost_usd, requests)
                    SELECT ?, lease_id, key_id, user_id, team_id, model, hour, cost_usd, requests FROM taken""")) {
                s.setInt(1, limit);
                s.setString(2, batchId);
                moved = s.executeUpdate();
            }
            if (moved == 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM usage.settlement_batch WHERE batch_id = ?")) {
                    s.setString(1, batchId);
                    s.executeUpdate();
                }
            }
            return moved;
        }
    }

    /** Ids of batches not yet accepted whose next attempt is due. */
    public List<String> due(Instant now, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT batch_id FROM usage.settlement_batch
                WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY created_at LIMIT ?""")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Claims a due batch for one attempt (pushes its next attempt to {@code claimUntil}), so no other replica sends it
     * meanwhile.
     *
     * @return the attempt number, empty if another replica claimed it first or it is no longer due
     */
    public Optional<Integer> claim(String batchId, Instant now, Instant claimUntil) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE usage.settlement_batch SET attempts = attempts + 1, next_attempt_at = ?
                WHERE batch_id = ? AND state = 'PENDING' AND next_attempt_at <= ?
                RETURNING attempts""")) {
            s.setTimestamp(1, Timestamp.from(claimUntil));
            s.setString(2, batchId);
            s.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    public List<SpendSettlement.Entry> entries(String batchId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT lease_id, key_id, user_id, team_id, model, hour, cost_usd, requests
                FROM usage.settlement_batch_entry WHERE batch_id = ? ORDER BY hour, key_id, model, lease_id""")) {
            s.setString(1, batchId);
            List<SpendSettlement.Entry> entries = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new SpendSettlement.Entry(emptyToNull(rs.getString(1)), rs.getString(2),
                            emptyToNull(rs.getString(3)), emptyToNull(rs.getString(4)), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getBigDecimal(7), rs.getLong(8)));
                }
            }
            return entries;
        }
    }

    public int markSent(String batchId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE usage.settlement_batch SET state = 'SENT', sent_at = ?, last_error = NULL
                WHERE batch_id = ?""")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, batchId);
            return s.executeUpdate();
        }
    }

    public int markFailed(String batchId, String error, Instant nextAttemptAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE usage.settlement_batch SET last_error = ?, next_attempt_at = ? WHERE batch_id = ?""")) {
            s.setString(1, error);
            s.setTimestamp(2, Timestamp.from(nextAttemptAt));
            s.setString(3, batchId);
            return s.executeUpdate();
        }
    }

    /** Entries not yet accepted by keys-service: pending ones plus those of unsent batches. */
    public long backlog() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT (SELECT count(*) FROM usage.settlement_pending)
                     + (SELECT count(*) FROM usage.settlement_batch_entry e
                        JOIN usage.settlement_batch b ON b.batch_id = e.batch_id WHERE b.state = 'PENDING')""");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Spend not yet accepted by keys-service for requests in {@code [from, to)}, per key, UTC day and batch (null batch
     * id: still pending, not in a batch).
     */
    public List<Unsettled> unsettled(Instant from, Instant to) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT key_id, (date_trunc('day', hour AT TIME ZONE 'UTC'))::date, NULL, sum(cost_usd), sum(requests)
                FROM usage.settlement_pending WHERE hour >= ? AND hour < ? GROUP BY 1, 2
                UNION ALL
                SELECT e.key_id, (date_trunc('day', e.hour AT TIME ZONE 'UTC'))::date, e.batch_id, sum(e.cost_usd),
                       sum(e.requests)
                FROM usage.settlement_batch_entry e JOIN usage.settlement_batch b ON b.batch_id = e.batch_id
                WHERE b.state = 'PENDING' AND e.hour >= ? AND e.hour < ? GROUP BY 1, 2, 3""")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            s.setTimestamp(3, Timestamp.from(from));
            s.setTimestamp(4, Timestamp.from(to));
            List<Unsettled> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Unsettled(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                            rs.getBigDecimal(4), rs.getLong(5)));
                }
            }
            return rows;
        }
    }

    /** Of these batch ids, the ones keys-service has accepted by now. */
    public List<String> sentAmong(List<String> batchIds) throws SQLException {
        if (batchIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT batch_id FROM usage.settlement_batch WHERE state = 'SENT' AND batch_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", batchIds.toArray(String[]::new)));
            List<String> sent = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
            return sent;
        }
    }

    /** Makes the current transaction read one snapshot for all its statements (call first in the transaction). */
    public void repeatableRead() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
            s.execute();
        }
    }

    /** Forgets batches accepted before {@code cutoff}. */
    public int deleteSentBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM usage.settlement_batch WHERE state = 'SENT' AND sent_at < ?")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            return s.executeUpdate();
        }
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
