package io.llmaas.usage.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageEvents;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The batch statement runs without PostgreSQL's JIT compiler, and only the batch's own transaction does. */
@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class UsageEventRepositoryTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    UsageEventRepository events;

    @BeforeEach
    void clean() {
        new UsageTables(dataSource).truncateAll();
    }

    @Test
    void theBatchRunsWithoutJitAndTheSettingEndsWithItsTransaction() throws Exception {
        List<UsageEvent> batch = new ArrayList<>(
                UsageEvents.spread("jit", 20, Instant.now().truncatedTo(ChronoUnit.HOURS), 1));
        batch.sort(Comparator.comparing(UsageEvent::requestId));
        String serverDefault = query("SELECT reset_val FROM pg_settings WHERE name = 'jit'");

        String duringTheBatch = QuarkusTransaction.requiringNew().call(() -> {
            List<UsageEventRepository.StoredGroup> stored = events.insertNew(batch, new int[batch.size()]);
            assertThat(stored.stream().mapToLong(UsageEventRepository.StoredGroup::requests).sum()).isEqualTo(20);
            return query("SHOW jit");
        });

        assertThat(duringTheBatch).isEqualTo("off");
        assertThat(serverDefault).as("the test database's own setting (PostgreSQL's default)").isEqualTo("on");
        for (int i = 0; i < 4; i++) {
            // Whichever pooled connection comes next has the server's setting again.
            assertThat(query("SHOW jit")).isEqualTo(serverDefault);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
