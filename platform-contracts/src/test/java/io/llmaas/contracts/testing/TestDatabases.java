package io.llmaas.contracts.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Databases for tests on the local PostgreSQL (trust auth, user {@code postgres}). Cross-service tests each get a
 * database of their own, dropped and created afresh, so a run never sees another run's rows.
 */
public final class TestDatabases {

    /** Host and port, overridable for a PostgreSQL elsewhere: {@code LLMAAS_TEST_PG=host:port}. */
    public static final String HOST_PORT = System.getenv().getOrDefault("LLMAAS_TEST_PG", "127.0.0.1:5432");
    public static final String USER = "postgres";

    private TestDatabases() {
    }

    /** Drops (if present) and creates {@code name}; answers its JDBC URL. */
    public static String recreate(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST_PORT + " is needed for this test", e);
        }
        return jdbcUrl(name);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + database;
    }
}
