package io.llmaas.keys.internal;

import static io.llmaas.keys.internal.LeaseResourceTest.ask;
import static io.llmaas.keys.internal.LeaseResourceTest.concurrently;
import static io.llmaas.keys.internal.LeaseResourceTest.report;
import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/** Budgets: exact BUDGET leases, idempotent settlement, periods reset at the boundary, crossings once. */
@QuarkusTest
class BudgetLedgerTest {

    private static final long USD = 1_000_000_000L;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    record Key(String id, String secret, String user, String model) {
    }

    static Key budgetedKey(String budget) {
        String user = Api.user("user");
        String model = Api.model(false);
        var created = master().body("{\"user_id\":\"" + user + "\",\"models\":[\"" + model + "\"]" + budget + "}")
                .post("/key/generate").then().statusCode(200).extract().response();
        return new Key(created.path("key_id"), created.path("key"), user, model);
    }

    /** Settles one entry; answers the crossings as (threshold, periodStart) pairs. */
    static List<Map<String, Object>> settle(String batch, Key key, String leaseId, Instant hour, String usd) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("budgetLeaseId", leaseId);
        entry.put("keyId", key.id());
        entry.put("userId", key.user());
        entry.put("model", key.model());
        entry.put("hour", hour.toString());
        entry.put("costUsd", new BigDecimal(usd));
        entry.put("requests", 1);
        return service().body(Map.of("batchId", batch, "entries", List.of(entry))).post("/internal/spend").then()
                .statusCode(200).extract().jsonPath().getList("crossings");
    }

    static List<String> thresholds(List<Map<String, Object>> crossings) {
        return crossings.stream().map(c -> (String) c.get("threshold")).toList();
    }

    static List<Map<String, Object>> ledgerRows(String keyId, Instant around) {
        return service().queryParam("from", around.minus(Duration.ofDays(1)).toString())
                .queryParam("to", around.plus(Duration.ofDays(1)).toString()).get("/internal/ledger").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("rows").stream()
                .filter(r -> keyId.equals(r.get("keyId"))).toList();
    }

    @Test
    void concurrentBudgetLeasesNeverExceedWhatIsLeft() throws Exception {
        Key key = budgetedKey(",\"max_budget\":10");
        Api.verify(key.secret()).body("budgeted", equalTo(true));
        String scope = "key:" + key.id() + ":model:" + key.model();
        long granted = concurrently(8, 10, () -> ask("gw-" + Thread.currentThread().getId() % 2, scope,
                "BUDGET", 3 * USD / 10, USD / 10).granted());
        assertThat(granted).isLessThanOrEqualTo(10 * USD).isGreaterThan(9 * USD);
        LeaseResourceTest.Grant none = ask("gw-z", scope, "BUDGET", USD / 10, USD / 10);
        assertThat(none.granted()).isZero();
        assertThat(none.limit()).isEqualTo(10 * USD);
    }

    @Test
    void releasedLeasesGiveBackTheUnusedPartAndSettlementIsIdempotent() {
        Key key = budgetedKey(",\"max_budget\":1");
        String scope = "key:" + key.id() + ":model:" + key.model();
        LeaseResourceTest.Grant all = ask("gw", scope, "BUDGET", USD, USD / 2);
        assertThat(all.granted()).isEqualTo(USD);
        assertThat(ask("gw", scope, "BUDGET", USD / 10, USD / 10).granted()).isZero();
        report("gw", all.leaseId(), "BUDGET", USD * 3 / 10, true);
        assertThat(ask("gw", scope, "BUDGET", USD, 1).granted()).isEqualTo(USD * 7 / 10);

        Instant hour = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        var first = settle("batch-" + key.id(), key, all.leaseId(), hour, "0.3");
        var again = settle("batch-" + key.id(), key, all.leaseId(), hour, "0.3");
        assertThat(again).isEqualTo(first);
        master().queryParam("key", key.secret()).get("/key/info").then().body("info.spend", equalTo(0.3f));
        assertThat(ledgerRows(key.id(), hour)).singleElement()
                .satisfies(r -> assertThat(r.get("costUsd").toString()).isEqualTo("0.3"));

        master().body("{\"spend\":0,\"reason\":\"goodwill\"}").post("/api/keys/" + key.id() + "/spend").then()
                .statusCode(200).body("spend", equalTo(0));
        master().queryParam("key", key.secret()).get("/key/info").then().body("info.spend", equalTo(0));
        assertThat(ledgerRows(key.id(), hour)).singleElement()
                .satisfies(r -> assertThat(r.get("costUsd").toString()).isEqualTo("0.3"));
        master().get("/api/spend/adjustments").then().statusCode(200).body("find { it.scopeId == '" + key.id()
                + "' }.reason", equalTo("goodwill"));
    }

    @Test
    void periodsResetExactlyAtTheBoundaryAndCrossingsAreReportedOncePerPeriod() {
        Instant start = Instant.parse("2030-01-01T10:20:00Z");
        clock.pin(start);
        Key key = budgetedKey(",\"max_budget\":10,\"soft_budget\":5,\"budget_duration\":\"1h\"");
        Instant anchor = Instant.parse("2030-01-01T10:00:00Z");
        master().queryParam("key", key.secret()).get("/key/info").then()
                .body("info.budget_reset_at", equalTo("2030-01-01T11:00:00Z"));

        var r1 = settle("p1-" + key.id(), key, null, anchor, "8.5");
        assertThat(thresholds(r1)).containsExactlyInAnyOrder("80", "soft");
        assertThat(r1).allSatisfy(c -> assertThat(c.get("periodStart")).isEqualTo(anchor.toString()));
        assertThat(settle("p2-" + key.id(), key, null, anchor, "0.1")).isEmpty();
        assertThat(thresholds(settle("p3-" + key.id(), key, null, anchor, "1.5")))
                .containsExactlyInAnyOrder("90", "100");
        String scope = "key:" + key.id() + ":model:" + key.model();
        assertThat(ask("gw", scope, "BUDGET", USD / 100, USD / 100).granted()).isZero();

        clock.pin(Instant.parse("2030-01-01T10:59:59.999Z"));
        assertThat(ask("gw", scope, "BUDGET", USD / 100, USD / 100).granted()).isZero();
        clock.pin(Instant.parse("2030-01-01T11:00:00Z"));
        LeaseResourceTest.Grant fresh = ask("gw", scope, "BUDGET", USD, USD);
        assertThat(fresh.granted()).isEqualTo(USD);
        assertThat(fresh.resetAt()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
        master().queryParam("key", key.secret()).get("/key/info").then().body("info.spend", equalTo(0))
                .body("info.budget_reset_at", equalTo("2030-01-01T12:00:00Z"));

        var next = settle("p4-" + key.id(), key, null, Instant.parse("2030-01-01T11:00:00Z"), "8.9");
        assertThat(thresholds(next)).containsExactlyInAnyOrder("80", "soft");
    }

    @Test
    void reusableBudgetsAndHolderSpendInLiteLlmShapes() {
        String id = Api.unique("bud");
        master().body("{\"budget_id\":\"" + id + "\",\"max_budget\":25,\"budget_duration\":\"30d\"}")
                .post("/budget/new").then().statusCode(200).body("budget_id", equalTo(id))
                .body("max_budget", equalTo(25));
        master().body("{\"budget_id\":\"" + id + "\",\"budget_duration\":\"30m\"}").post("/budget/update").then()
                .statusCode(400).body("error.fields.field", org.hamcrest.Matchers.hasItem("budget_duration"));
        String user = master().body("{\"user_id\":\"" + Api.unique("bu") + "\",\"budget_id\":\"" + id
                + "\",\"auto_create_key\":false}").post("/user/new").then().statusCode(200)
                .body("max_budget", equalTo(25)).body("budget_id", equalTo(id)).extract().path("user_id");
        master().queryParam("user_id", user).get("/user/info").then().body("user_info.spend", equalTo(0))
                .body("user_info.budget_reset_at", org.hamcrest.Matchers.notNullValue());
        master().body("{\"budgets\":[\"" + id + "\"]}").post("/budget/info").then().statusCode(200)
                .body("[0].max_budget", equalTo(25));
        master().body("{\"id\":\"" + id + "\"}").post("/budget/delete").then().statusCode(409);
        master().body("{\"user_id\":\"" + user + "\",\"budget_id\":null}").post("/user/update").then()
                .statusCode(200).body("max_budget", equalTo(null));
        master().body("{\"id\":\"" + id + "\"}").post("/budget/delete").then().statusCode(200);
    }

    @Test
    void aSubscriptionBudgetLimitsTheKeyOnThatModel() {
        Key key = budgetedKey("");
        Api.verify(key.secret()).body("budgeted", equalTo(false)).body("budgetedModels.size()", equalTo(0));
        String subscription = master().queryParam("userId", key.user()).get("/api/subscriptions").then()
                .extract().path("[0].id");
        master().body("{\"maxBudget\":1}").patch("/api/subscriptions/" + subscription).then().statusCode(200)
                .body("budget.maxBudget", equalTo(1));
        Api.verify(key.secret()).body("budgetedModels", org.hamcrest.Matchers.contains(key.model()));
        String scope = "key:" + key.id() + ":model:" + key.model();
        assertThat(ask("gw", scope, "BUDGET", 5 * USD, 1).granted()).isEqualTo(USD);
    }
}
