package io.llmaas.keys.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct reads of the test database, to check what is (and is not) stored. */
public final class Db {

    private static final String URL = System.getenv().getOrDefault("LLMAAS_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/llmaas_test");

    private Db() {
    }

    public static long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0)[0]).longValue();
    }

    public static List<Object[]> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Object[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every row of every table of schema keys as text (but the audit outbox, which ships in the background), to search
     * for something that must not be stored or to compare before and after a refused request.
     */
    public static String dumpSchema() {
        StringBuilder out = new StringBuilder();
        for (Object[] table : rows("select table_name from information_schema.tables where table_schema = 'keys' "
                + "and table_name <> 'audit_outbox' order by table_name")) {
            for (Object[] row : rows("select cast(t as text) from keys." + table[0] + " t")) {
                out.append(row[0]).append('\n');
            }
        }
        return out.toString();
    }
}
