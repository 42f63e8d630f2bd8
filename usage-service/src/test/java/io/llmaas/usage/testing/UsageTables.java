package io.llmaas.usage.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Direct SQL on the usage schema for test setup and assertions. */
public final class UsageTables {

    private final DataSource dataSource;

    public UsageTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empties every table (partitions stay, so the partition cache of the running service stays true). */
    public void truncateAll() {
        execute("TRUNCATE usage.usage_event, usage.event_key, usage.rollup_hourly, usage.rollup_daily, "
                + "usage.settlement_pending, usage.settlement_batch, usage.settlement_batch_entry, usage.budget_alert");
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long count(String sql, Object... params) {
        Object value = single(sql, params);
        return value == null ? 0 : ((Number) value).longValue();
    }

    public BigDecimal decimal(String sql, Object... params) {
        Object value = single(sql, params);
        return value == null ? BigDecimal.ZERO : (BigDecimal) value;
    }

    public Object single(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
