package io.llmaas.usage.service;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static io.llmaas.usage.testing.UsageEvents.withLease;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.SpendSettlement;
import io.llmaas.usage.testing.FakeKeysService;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.FakeWebhook;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The settlement outbox against a real (fake) keys-service, and the alerts its answers produce. */
@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class SettlementAndAlertsTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestService ingest;
    @Inject
    SettlementShipper shipper;
    @Inject
    AlertService alerts;

    FakeKeysService keys;
    FakeWebhook webhook;
    UsageTables db;
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

    @BeforeEach
    void clean() {
        db = new UsageTables(dataSource);
        db.truncateAll();
        keys.reset();
        webhook.reset();
    }

    @Test
    void spendIsAggregatedPerLeaseKeyModelAndHourAndShippedOnce() {
        ingest.ingest(batch(List.of(
                withLease(event("s1", hour.plusSeconds(10), "key-a", "u1", "t1", "llama3-8b", 1, 1, "0.10"), "L1"),
                withLease(event("s2", hour.plusSeconds(20), "key-a", "u1", "t1", "llama3-8b", 1, 1, "0.15"), "L1"),
                withLease(event("s3", hour.plusSeconds(30), "key-a", "u1", "t1", "phi3-3.8b", 1, 1, "0.05"), "L1"),
                event("s4", hour.plusSeconds(4000), "key-b", "u2", null, "llama3-8b", 1, 1, "0.20"),
                event("s5", hour.plusSeconds(50), "master", null, null, "llama3-8b", 1, 1, "9.99"))));

        SettlementShipper.Run run = shipper.ship();

        assertThat(run.sent()).isEqualTo(1);
        assertThat(keys.accepted()).hasSize(1);
        List<SpendSettlement.Entry> entries = keys.accepted().get(0).entries();
        assertThat(entries).containsExactlyInAnyOrder(
                new SpendSettlement.Entry("L1", "key-a", "u1", "t1", "llama3-8b", hour, new BigDecimal("0.250000000"),
                        2),
                new SpendSettlement.Entry("L1", "key-a", "u1", "t1", "phi3-3.8b", hour, new BigDecimal("0.050000000"),
                        1),
                new SpendSettlement.Entry(null, "key-b", "u2", null, "llama3-8b", hour.plus(1, ChronoUnit.HOURS),
                        new BigDecimal("0.200000000"), 1));

        assertThat(shipper.ship().sent()).isZero();
        assertThat(keys.spendCalls()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM usage.settlement_pending")).isZero();
    }

    @Test
    void anOutageKeepsTheOutboxAndTheSameBatchIsRetriedUntilAccepted() {
        ingest.ingest(batch(List.of(event("o1", hour, "key-a", "u1", null, "llama3-8b", 1, 1, "0.30"))));
        keys.failNextSettlements(1_000);

        SettlementShipper.Run failed = shipper.ship();
        assertThat(failed.failed()).isEqualTo(1);
        assertThat(keys.accepted()).isEmpty();
        assertThat(db.count("SELECT attempts FROM usage.settlement_batch")).isEqualTo(1);
        assertThat((String) db.single("SELECT last_error FROM usage.settlement_batch")).isNotBlank();

        // Meanwhile more usage arrives; it waits in the outbox too.
        ingest.ingest(batch(List.of(event("o2", hour, "key-a", "u1", null, "llama3-8b", 1, 1, "0.20"))));
        keys.failNextSettlements(0);
        awaitTrue(() -> {
            shipper.ship();
            return db.count("SELECT count(*) FROM usage.settlement_batch WHERE state = 'PENDING'") == 0
                    && db.count("SELECT count(*) FROM usage.settlement_pending") == 0;
        });

        assertThat(keys.accepted().stream().flatMap(s -> s.entries().stream())
                .map(SpendSettlement.Entry::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("0.50");
        String firstBatch = keys.received().get(0).batchId();
        assertThat(keys.accepted()).anyMatch(s -> s.batchId().equals(firstBatch));
        assertThat(keys.received().stream().filter(s -> s.batchId().equals(firstBatch)).count()).isGreaterThan(1);
    }

    @Test
    void eachThresholdAlertsOncePerPeriodAndAFailingWebhookIsRetriedUntilItSucceeds() {
        Instant period = Instant.now().truncatedTo(ChronoUnit.DAYS);
        keys.answerCrossings(settlement -> List.of(
                crossing("budget-1", period, "80"),
                crossing("budget-1", period, "90")));
        webhook.failNext(2);

        ingest.ingest(batch(List.of(event("al1", hour, "key-a", "u1", null, "llama3-8b", 1, 1, "8.5"))));
        shipper.ship();
        ingest.ingest(batch(List.of(event("al2", hour, "key-a", "u1", null, "llama3-8b", 1, 1, "0.5"))));
        shipper.ship();
        assertThat(keys.accepted()).hasSize(2);
        assertThat(db.count("SELECT count(*) FROM usage.budget_alert")).isEqualTo(2);

        awaitTrue(() -> {
            alerts.deliverDue();
            return db.count("SELECT count(*) FROM usage.budget_alert WHERE delivery_state = 'DELIVERED'") == 2;
        });
        assertThat(webhook.calls()).isEqualTo(4);
        assertThat(webhook.delivered()).extracting(n -> n.get("threshold").asText())
                .containsExactlyInAnyOrder("80", "90");
        assertThat(webhook.delivered().get(0).get("budgetId").asText()).isEqualTo("budget-1");

        given().auth().oauth2(FakeServers.MASTER_KEY).queryParam("budgetId", "budget-1")
                .when().get("/api/alerts")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("deliveryState", contains("DELIVERED", "DELIVERED"))
                .body("[0].scopeType", equalTo("key"));
        given().auth().oauth2(FakeServers.MASTER_KEY).queryParam("threshold", "90").queryParam("state", "delivered")
                .when().get("/api/alerts")
                .then().statusCode(200).body("threshold", contains("90"))
                .body("[0].attempts", equalTo(db.count("SELECT attempts FROM usage.budget_alert WHERE threshold = '90'")
                        > 0 ? (int) db.count("SELECT attempts FROM usage.budget_alert WHERE threshold = '90'") : -1));
        given().auth().oauth2(FakeServers.MASTER_KEY).queryParam("state", "pending")
                .when().get("/api/alerts").then().statusCode(200).body("", hasSize(0));

        // The next period crosses the same thresholds again: new alerts.
        keys.answerCrossings(settlement -> List.of(crossing("budget-1", period.plus(1, ChronoUnit.DAYS), "80")));
        ingest.ingest(batch(List.of(event("al3", hour, "key-a", "u1", null, "llama3-8b", 1, 1, "1"))));
        shipper.ship();
        assertThat(db.count("SELECT count(*) FROM usage.budget_alert")).isEqualTo(3);
    }

    static SpendSettlement.BudgetCrossing crossing(String budgetId, Instant periodStart, String threshold) {
        return new SpendSettlement.BudgetCrossing(budgetId, "key", "key-a", "alice's key", periodStart,
                periodStart.plus(1, ChronoUnit.DAYS), threshold, new BigDecimal("9.00"), BigDecimal.TEN, null);
    }

    /** Repeats {@code step} until it is true; a deadline only guards against a hang, it asserts no timing. */
    static void awaitTrue(BooleanSupplier step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!step.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
