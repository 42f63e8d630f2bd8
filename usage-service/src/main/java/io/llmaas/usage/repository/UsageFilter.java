package io.llmaas.usage.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A time range {@code [from, to)} and optional equality filters, shared by the rollup and raw-event queries. Renders
 * itself as SQL conditions with positional parameters (values are never spliced into SQL).
 */
public record UsageFilter(Instant from, Instant to, String keyId, String userId, String teamId, String model) {

    /** The conditions for a table whose time column is {@code timeColumn}. */
    SqlWhere where(String timeColumn) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        conditions.add(timeColumn + " >= ?");
        params.add(Timestamp.from(from));
        conditions.add(timeColumn + " < ?");
        params.add(Timestamp.from(to));
        add(conditions, params, "key_id", keyId);
        add(conditions, params, "user_id", userId);
        add(conditions, params, "team_id", teamId);
        add(conditions, params, "model", model);
        return new SqlWhere(String.join(" AND ", conditions), params);
    }

    private static void add(List<String> conditions, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            conditions.add(column + " = ?");
            params.add(value);
        }
    }

    record SqlWhere(String sql, List<Object> params) {
    }
}
