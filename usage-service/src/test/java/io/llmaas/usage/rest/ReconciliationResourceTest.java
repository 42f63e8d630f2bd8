package io.llmaas.usage.rest;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.usage.service.IngestService;
import io.llmaas.usage.service.SettlementShipper;
import io.llmaas.usage.testing.FakeKeysService;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class ReconciliationResourceTest {

    static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestService ingest;
    @Inject
    SettlementShipper shipper;

    FakeKeysService keys;

    @BeforeEach
    void seed() {
        new UsageTables(dataSource).truncateAll();
        keys.reset();
        Instant at = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
        ingest.ingest(batch(List.of(
                event("rc1", at, "key-a", "u1", null, "llama3-8b", 1, 1, "1.10"),
                event("rc2", at, "key-b", "u2", null, "llama3-8b", 1, 1, "2.20"),
                event("rc3", at, "master", null, null, "llama3-8b", 1, 1, "5"))));
    }

    @Test
    void ledgerAndUsageAgreeOnceSettledAndWhileSpendIsStillInTheOutbox() {
        keys.failNextSettlements(1_000);
        shipper.ship();
        UsageAnalyticsResourceTest.admin().queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .when().get("/api/reconciliation")
                .then().statusCode(200)
                .body("differences", hasSize(0))
                .body("unsettledCostUsd", comparesEqualTo(new BigDecimal("3.30")))
                .body("ledgerCostUsd", equalTo(0));

        keys.failNextSettlements(0);
        SettlementAndAlertsTestSupport.shipUntilEmpty(shipper, dataSource);
        UsageAnalyticsResourceTest.admin().queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .when().get("/api/reconciliation")
                .then().statusCode(200)
                .body("keyDaysChecked", equalTo(2))
                .body("differences", hasSize(0))
                .body("ledgerCostUsd", comparesEqualTo(new BigDecimal("3.30")));
    }

    @Test
    void aPlantedLedgerDifferenceIsReported() {
        SettlementAndAlertsTestSupport.shipUntilEmpty(shipper, dataSource);
        keys.plantLedgerRow("key-b", DAY, new BigDecimal("0.05"), 0);

        UsageAnalyticsResourceTest.admin().queryParam("from", DAY.toString()).queryParam("to", DAY.toString())
                .when().get("/api/reconciliation")
                .then().statusCode(200)
                .body("differences", hasSize(1))
                .body("differences[0].keyId", equalTo("key-b"))
                .body("differences[0].day", equalTo(DAY.toString()))
                .body("differences[0].usageCostUsd", comparesEqualTo(new BigDecimal("2.20")))
                .body("differences[0].ledgerCostUsd", comparesEqualTo(new BigDecimal("2.25")))
                .body("differences[0].differenceUsd", comparesEqualTo(new BigDecimal("0.05")));
    }
}
