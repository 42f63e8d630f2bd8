package io.llmaas.usage.rest;

import javax.sql.DataSource;

import io.llmaas.usage.service.SettlementShipper;
import io.llmaas.usage.testing.UsageTables;

/** Drives the settlement shipper until the outbox is empty (backoffs are milliseconds in the test profile). */
final class SettlementAndAlertsTestSupport {

    private SettlementAndAlertsTestSupport() {
    }

    static void shipUntilEmpty(SettlementShipper shipper, DataSource dataSource) {
        UsageTables db = new UsageTables(dataSource);
        for (int i = 0; i < 600; i++) {
            shipper.ship();
            if (db.count("SELECT count(*) FROM usage.settlement_batch WHERE state = 'PENDING'") == 0
                    && db.count("SELECT count(*) FROM usage.settlement_pending") == 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the settlement outbox did not drain");
    }
}
