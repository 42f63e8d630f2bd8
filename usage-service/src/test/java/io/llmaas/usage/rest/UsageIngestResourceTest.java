package io.llmaas.usage.rest;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class UsageIngestResourceTest {

    @Inject
    AgroalDataSource dataSource;

    UsageTables db;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        db = new UsageTables(dataSource);
        db.truncateAll();
    }

    static UsageBatch.Result post(UsageBatch batch) {
        return given().auth().oauth2(FakeServers.SERVICE_TOKEN).contentType(ContentType.JSON).body(batch)
                .when().post("/internal/usage/events")
                .then().statusCode(200).extract().as(UsageBatch.Result.class);
    }

    @Test
    void sameBatchTwiceIsCountedOnce() {
        UsageBatch batch = batch(List.of(
                event("r1", now, "key-a", "u1", "t1", "llama3-8b", 10, 5, "0.001"),
                event("r2", now, "key-a", "u1", "t1", "llama3-8b", 20, 5, "0.002")));

        assertThat(post(batch)).isEqualTo(new UsageBatch.Result(2, 0));
        assertThat(post(batch)).isEqualTo(new UsageBatch.Result(0, 2));

        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isEqualTo(2);
        assertThat(db.count("SELECT sum(requests) FROM usage.rollup_hourly")).isEqualTo(2);
        assertThat(db.count("SELECT sum(requests) FROM usage.rollup_daily")).isEqualTo(2);
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.settlement_pending")).isEqualByComparingTo("0.003");
    }

    @Test
    void overlappingBatchesAndRepeatsWithinABatchCountEachRequestOnce() {
        List<UsageEvent> first = new ArrayList<>();
        List<UsageEvent> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UsageEvent e = event("o" + i, now.minusSeconds(i), "key-b", "u2", null, "phi3-3.8b", 1, 1, "0.01");
            if (i < 6) {
                first.add(e);
            }
            if (i >= 4) {
                second.add(e);
            }
        }
        second.add(second.get(0));

        assertThat(post(batch(first))).isEqualTo(new UsageBatch.Result(6, 0));
        assertThat(post(batch(second))).isEqualTo(new UsageBatch.Result(4, 3));

        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isEqualTo(10);
        assertThat(db.count("SELECT sum(requests) FROM usage.rollup_daily")).isEqualTo(10);
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.rollup_hourly")).isEqualByComparingTo("0.10");
        assertThat(db.count("SELECT sum(requests) FROM usage.settlement_pending")).isEqualTo(10);
    }

    @Test
    void aReplayWithAnotherTimestampIsStillADuplicate() {
        post(batch(List.of(event("same-id", now, "key-a", "u1", null, "llama3-8b", 1, 1, "0.5"))));
        UsageBatch.Result replay = post(batch(List.of(
                event("same-id", now.minus(2, ChronoUnit.DAYS), "key-a", "u1", null, "llama3-8b", 1, 1, "0.5"))));

        assertThat(replay).isEqualTo(new UsageBatch.Result(0, 1));
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.rollup_daily")).isEqualByComparingTo("0.5");
    }

    @Test
    void badEventsRejectTheWholeBatchAsJson400AndStoreNothing() {
        UsageEvent good = event("good-1", now, "key-a", "u1", "t1", "llama3-8b", 10, 5, "0.001");
        UsageEvent noId = event(null, now, "key-a", "u1", "t1", "llama3-8b", 10, 5, "0.001");
        UsageEvent negative = event("neg", now, "key-a", "u1", "t1", "llama3-8b", -1, 5, "-0.5");

        given().auth().oauth2(FakeServers.SERVICE_TOKEN).contentType(ContentType.JSON)
                .body(batch(List.of(good, noId, negative)))
                .when().post("/internal/usage/events")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.fields.field", hasItem("events[1].requestId"))
                .body("error.fields.field", hasItem("events[2].promptTokens"))
                .body("error.fields.field", hasItem("events[2].costUsd"));

        given().auth().oauth2(FakeServers.SERVICE_TOKEN).contentType(ContentType.JSON)
                .body("{\"gatewayId\":\"gw\",\"events\":[{\"requestId\":\"x\",\"timestamp\":\"yesterday\"}]}")
                .when().post("/internal/usage/events")
                .then().statusCode(400).contentType(ContentType.JSON).body("error.code", equalTo("invalid_json"))
                .body("error.param", equalTo("events[0].timestamp"));

        given().auth().oauth2(FakeServers.SERVICE_TOKEN).contentType(ContentType.JSON)
                .body(batch(List.of(event("future", now.plus(3, ChronoUnit.DAYS), "key-a", "u1", null, "m", 1, 1,
                        "0"))))
                .when().post("/internal/usage/events")
                .then().statusCode(400).body("error.fields[0].field", equalTo("events[0].timestamp"));

        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isZero();
        assertThat(db.count("SELECT count(*) FROM usage.event_key")).isZero();
        assertThat(db.count("SELECT count(*) FROM usage.rollup_hourly")).isZero();
        assertThat(db.count("SELECT count(*) FROM usage.settlement_pending")).isZero();
    }

    @Test
    void ingestNeedsTheServiceTokenNotTheMasterKey() {
        UsageBatch batch = batch(List.of(event("auth-1", now, "key-a", "u1", null, "m", 1, 1, "0")));
        given().contentType(ContentType.JSON).body(batch).when().post("/internal/usage/events")
                .then().statusCode(401).body("error.type", equalTo("authentication_error"));
        given().auth().oauth2(FakeServers.MASTER_KEY).contentType(ContentType.JSON).body(batch)
                .when().post("/internal/usage/events").then().statusCode(401);
        given().auth().oauth2("test-service-tokeN").contentType(ContentType.JSON).body(batch)
                .when().post("/internal/usage/events").then().statusCode(401);
        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isZero();
    }

    @Test
    void masterKeyAndKeylessRequestsAreStoredButNeverSettled() {
        post(batch(List.of(
                event("m1", now, "master", null, null, "llama3-8b", 5, 5, "0.2"),
                event("m2", now, null, null, null, "llama3-8b", 5, 5, "0.3"),
                event("k1", now, "key-c", "u3", null, "llama3-8b", 5, 5, "0.0"))));

        assertThat(db.count("SELECT count(*) FROM usage.usage_event")).isEqualTo(3);
        assertThat(db.decimal("SELECT sum(cost_usd) FROM usage.rollup_daily")).isEqualByComparingTo("0.5");
        assertThat(db.count("SELECT count(*) FROM usage.settlement_pending")).isEqualTo(1);
        assertThat(db.single("SELECT key_id FROM usage.settlement_pending")).isEqualTo("key-c");
        assertThat(db.decimal("SELECT cost_usd FROM usage.settlement_pending")).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void metadataAndOptionalFieldsSurviveTheRoundTrip() {
        post(batch(List.of(event("meta-1", now, "key-a", "u1", "t1", "llama3-8b", 3, 4, "0.000000007"))));
        assertThat(db.single("SELECT metadata->>'project' FROM usage.usage_event WHERE request_id = 'meta-1'"))
                .isEqualTo("tests");
        assertThat(db.decimal("SELECT cost_usd FROM usage.usage_event WHERE request_id = 'meta-1'"))
                .isEqualByComparingTo("0.000000007");
        assertThat(Map.of("ttft", db.count("SELECT ttft_ms FROM usage.usage_event WHERE request_id = 'meta-1'")))
                .containsEntry("ttft", 30L);
    }
}
