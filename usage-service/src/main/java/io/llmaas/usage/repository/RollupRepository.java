package io.llmaas.usage.repository;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * Analytics from the hourly and daily rollups, never from raw events, so that a year costs about what a day costs.
 * The daily rollup serves ranges on whole UTC days; anything finer is served from the hourly one.
 */
@ApplicationScoped
public class RollupRepository {

    private static final String SUMS = """
            sum(requests), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd), sum(errors), sum(streamed),
            sum(estimated)""";

    private final AgroalDataSource dataSource;

    RollupRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public enum Granularity {
        HOUR("hour"),
        DAY("day");

        private final String sqlUnit;

        Granularity(String sqlUnit) {
            this.sqlUnit = sqlUnit;
        }
    }

    public enum Order {
        COST("sum(cost_usd)"),
        TOKENS("sum(prompt_tokens) + sum(completion_tokens)"),
        REQUESTS("sum(requests)");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    /** Sums over a set of rollup rows. */
    public record Totals(long requests, long promptTokens, long completionTokens, BigDecimal costUsd, long errors,
            long streamed, long estimated) {

        public static final Totals ZERO = new Totals(0, 0, 0, BigDecimal.ZERO, 0, 0, 0);

        static Totals read(ResultSet rs, int first) throws SQLException {
            BigDecimal cost = rs.getBigDecimal(first + 3);
            return new Totals(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
                    cost == null ? BigDecimal.ZERO : cost, rs.getLong(first + 4), rs.getLong(first + 5),
                    rs.getLong(first + 6));
        }
    }

    /** One group of a breakdown; {@code group} is null for "none" (e.g. usage without a team). */
    public record Group(String group, Totals totals) {
    }

    /** One point of a time series, optionally split by a dimension. */
    public record Point(Instant bucket, String group, Totals totals) {
    }

    /** One rollup row: a day (or hour) × key × user × team × model. */
    public record Cell(Instant bucket, String keyId, String userId, String teamId, String model, Totals totals) {
    }

    public Totals totals(UsageFilter filter) throws SQLException {
        UsageFilter.SqlWhere where = filter.where("bucket");
        String sql = "SELECT " + SUMS + " FROM " + table(filter, null) + " WHERE " + where.sql();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, where.params());
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return Totals.read(rs, 1);
        }
    }

    /** Usage per value of {@code by}, largest first by {@code order}, at most {@code limit} groups. */
    public List<Group> breakdown(UsageFilter filter, Dimension by, Order order, int limit) throws SQLException {
        UsageFilter.SqlWhere where = filter.where("bucket");
        String sql = "SELECT " + by.column() + ", " + SUMS + " FROM " + table(filter, null) + " WHERE " + where.sql()
                + " GROUP BY 1 ORDER BY " + order.sql + " DESC, 1 LIMIT " + limit;
        List<Group> groups = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, where.params());
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                groups.add(new Group(noneToNull(rs.getString(1)), Totals.read(rs, 2)));
            }
        }
        return groups;
    }

    /** Usage per hour or day, optionally per value of {@code by}, oldest bucket first. */
    public List<Point> series(UsageFilter filter, Granularity granularity, Optional<Dimension> by)
            throws SQLException {
        UsageFilter.SqlWhere where = filter.where("bucket");
        String bucket = "date_trunc('" + granularity.sqlUnit + "', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'";
        String group = by.map(Dimension::column).orElse("NULL");
        String sql = "SELECT " + bucket + ", " + group + ", " + SUMS + " FROM " + table(filter, granularity)
                + " WHERE " + where.sql() + " GROUP BY 1, 2 ORDER BY 1, 2";
        List<Point> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, where.params());
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                points.add(new Point(rs.getTimestamp(1).toInstant(), noneToNull(rs.getString(2)),
                        Totals.read(rs, 3)));
            }
        }
        return points;
    }

    /** Daily rows (filter must be on whole days), ordered by day, for the LiteLLM-compatible reports. */
    public List<Cell> dailyCells(UsageFilter filter) throws SQLException {
        UsageFilter.SqlWhere where = filter.where("bucket");
        String sql = "SELECT bucket, key_id, user_id, team_id, model, " + SUMS + " FROM usage.rollup_daily WHERE "
                + where.sql() + " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";
        List<Cell> cells = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, where.params());
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                cells.add(new Cell(rs.getTimestamp(1).toInstant(), noneToNull(rs.getString(2)),
                        noneToNull(rs.getString(3)), noneToNull(rs.getString(4)), rs.getString(5),
                        Totals.read(rs, 6)));
            }
        }
        return cells;
    }

    /** Cost and requests per key and UTC day, keyed requests only (what the ledger should hold), for reconciliation. */
    public List<KeyDay> costPerKeyAndDay(Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT key_id, (bucket AT TIME ZONE 'UTC')::date, sum(cost_usd), sum(requests)
                FROM usage.rollup_daily WHERE bucket >= ? AND bucket < ? AND key_id <> '' AND key_id <> 'master'
                GROUP BY 1, 2 ORDER BY 1, 2""";
        List<KeyDay> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = prepare(c, sql, List.of(Timestamp.from(from),
                        Timestamp.from(to)));
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new KeyDay(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3),
                        rs.getLong(4)));
            }
        }
        return rows;
    }

    public record KeyDay(String keyId, LocalDate day, BigDecimal costUsd, long requests) {
    }

    /** The daily rollup when the range is whole days and no hourly buckets are asked for, else the hourly one. */
    private static String table(UsageFilter filter, Granularity granularity) {
        boolean wholeDays = filter.from().getEpochSecond() % Duration.ofDays(1).toSeconds() == 0
                && filter.to().getEpochSecond() % Duration.ofDays(1).toSeconds() == 0
                && filter.from().getNano() == 0 && filter.to().getNano() == 0;
        return wholeDays && granularity != Granularity.HOUR ? "usage.rollup_daily" : "usage.rollup_hourly";
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
        return s;
    }

    static String noneToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
