package io.llmaas.usage.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * The daily partitions of {@code usage.usage_event} (one per UTC day, named {@code usage_event_pYYYYMMDD}) and the
 * default partition that catches rows for a day that had none. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class PartitionRepository {

    private static final Pattern DAY_PARTITION = Pattern.compile("usage_event_p(\\d{8})");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    /** Serializes partition changes across replicas (value: any constant unique to this use). */
    private static final long PARTITION_LOCK = 0x75736167655f7031L;

    private final AgroalDataSource dataSource;

    PartitionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The days that have a partition attached. */
    public List<LocalDate> attachedDays() throws SQLException {
        String sql = """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'usage.usage_event'::regclass""";
        List<LocalDate> days = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                dayOf(rs.getString(1)).ifPresent(days::add);
            }
        }
        return days;
    }

    /**
     * Makes sure {@code day} has its partition: creates it, moves any rows of that day out of the default partition
     * into it, and attaches it. Idempotent and safe against concurrent callers (advisory lock, catalog re-check).
     *
     * @return true if it was created now
     */
    public boolean ensure(LocalDate day) throws SQLException {
        String table = "usage.usage_event_p" + day.format(SUFFIX);
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            if (attachedDays().contains(day)) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (LIKE usage.usage_event INCLUDING DEFAULTS)");
            }
            try (PreparedStatement move = c.prepareStatement("""
                    WITH moved AS (
                        DELETE FROM usage.usage_event_default WHERE ts >= ?::timestamptz AND ts < ?::timestamptz
                        RETURNING *)
                    INSERT INTO %s SELECT * FROM moved""".formatted(table))) {
                move.setString(1, from.toString());
                move.setString(2, to.toString());
                move.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE usage.usage_event ATTACH PARTITION " + table
                        + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')");
            }
            return true;
        }
    }

    /** Days that have rows waiting in the default partition. */
    public List<LocalDate> daysInDefaultPartition() throws SQLException {
        String sql = """
                SELECT DISTINCT (date_trunc('day', ts AT TIME ZONE 'UTC'))::date FROM usage.usage_event_default""";
        List<LocalDate> days = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                days.add(rs.getObject(1, LocalDate.class));
            }
        }
        return days;
    }

    /** Drops the partition of {@code day} with its rows. */
    public LocalDate drop(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            lock(c);
            s.execute("DROP TABLE IF EXISTS usage.usage_event_p" + day.format(SUFFIX));
            return day;
        }
    }

    /** Deletes raw rows before {@code cutoff} that are not in a day partition (the default partition). */
    public int deleteDefaultRowsBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "DELETE FROM usage.usage_event_default WHERE ts < ?::timestamptz")) {
            s.setString(1, cutoff.toString());
            return s.executeUpdate();
        }
    }

    /** Forgets request ids older than {@code cutoff}, at most {@code limit} of them (keeps transactions short). */
    public int deleteEventKeysBefore(Instant cutoff, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        DELETE FROM usage.event_key WHERE request_id IN (
                            SELECT request_id FROM usage.event_key WHERE ts < ?::timestamptz LIMIT ?)""")) {
            s.setString(1, cutoff.toString());
            s.setInt(2, limit);
            return s.executeUpdate();
        }
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, PARTITION_LOCK);
            s.execute();
        }
    }

    static Optional<LocalDate> dayOf(String tableName) {
        Matcher m = DAY_PARTITION.matcher(tableName);
        return m.matches() ? Optional.of(LocalDate.parse(m.group(1), SUFFIX)) : Optional.empty();
    }
}
