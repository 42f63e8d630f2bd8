package io.llmaas.usage.rest;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

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
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageEvents;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class UsageAnalyticsResourceTest {

    static final LocalDate D1 = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    static final LocalDate D2 = D1.plusDays(1);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestService ingest;

    @BeforeEach
    void seed() {
        new UsageTables(dataSource).truncateAll();
        Instant d1 = D1.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant d2 = D2.atStartOfDay(ZoneOffset.UTC).toInstant();
        ingest.ingest(batch(List.of(
                event("a1", d1.plusSeconds(3600), "key-a", "alice", "team-x", "llama3-8b", 100, 50, "1.00"),
                event("a2", d1.plusSeconds(3700), "key-a", "alice", "team-x", "phi3-3.8b", 10, 5, "0.10"),
                event("b1", d1.plusSeconds(7200), "key-b", "bob", "team-y", "llama3-8b", 200, 100, "2.00"),
                UsageEvents.failed(event("b2", d2.plusSeconds(60), "key-b", "bob", "team-y", "llama3-8b", 0, 0,
                        "0"), 502, "upstream_error"),
                UsageEvents.streamedEstimated(event("c1", d2.plusSeconds(7200), "key-c", "carol", null,
                        "llama3-8b", 40, 60, "0.50")))));
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(FakeServers.MASTER_KEY).config(RestAssuredConfig.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }

    @Test
    void summaryTotalsTheRangeAndHonoursFilters() {
        admin().queryParam("from", D1.toString()).queryParam("to", D2.toString())
                .when().get("/api/usage/summary")
                .then().statusCode(200)
                .body("from", equalTo(D1 + "T00:00:00Z"))
                .body("totals.requests", equalTo(5))
                .body("totals.promptTokens", equalTo(350))
                .body("totals.totalTokens", equalTo(565))
                .body("totals.costUsd", comparesEqualTo(new BigDecimal("3.60")))
                .body("totals.errors", equalTo(1))
                .body("totals.streamed", equalTo(1))
                .body("totals.estimated", equalTo(1));

        admin().queryParam("from", D1.toString()).queryParam("to", D2.toString()).queryParam("teamId", "team-x")
                .queryParam("model", "llama3-8b")
                .when().get("/api/usage/summary")
                .then().statusCode(200).body("totals.costUsd", comparesEqualTo(new BigDecimal("1.00")));

        admin().queryParam("from", D1.toString()).queryParam("to", D1.toString())
                .when().get("/api/usage/summary")
                .then().statusCode(200).body("totals.requests", equalTo(3));
    }

    @Test
    void breakdownGivesTopNPerDimension() {
        admin().queryParam("from", D1.toString()).queryParam("to", D2.toString()).queryParam("by", "user")
                .queryParam("limit", 2)
                .when().get("/api/usage/breakdown")
                .then().statusCode(200)
                .body("by", equalTo("user")).body("orderBy", equalTo("cost"))
                .body("rows", hasSize(2))
                .body("rows.value", contains("bob", "alice"))
                .body("rows[0].totals.costUsd", comparesEqualTo(new BigDecimal("2.00")))
                .body("rows[1].totals.requests", equalTo(2));

        admin().queryParam("from", D1.toString()).queryParam("to", D2.toString()).queryParam("by", "team")
                .queryParam("orderBy", "tokens")
                .when().get("/api/usage/breakdown")
                .then().statusCode(200)
                .body("rows.value", contains("team-y", "team-x", null));

        admin().queryParam("by", "colour").when().get("/api/usage/breakdown")
                .then().statusCode(400).body("error.param", equalTo("by"));
    }

    @Test
    void timeseriesByDayAndHourForCharts() {
        admin().queryParam("from", D1.toString()).queryParam("to", D2.toString()).queryParam("granularity", "day")
                .when().get("/api/usage/timeseries")
                .then().statusCode(200)
                .body("points", hasSize(2))
                .body("points[0].bucket", equalTo(D1 + "T00:00:00Z"))
                .body("points[0].value", nullValue())
                .body("points[0].totals.costUsd", comparesEqualTo(new BigDecimal("3.10")))
                .body("points[1].totals.costUsd", comparesEqualTo(new BigDecimal("0.50")));

        admin().queryParam("from", D1 + "T00:00:00Z").queryParam("to", D1 + "T03:00:00Z")
                .queryParam("granularity", "hour").queryParam("by", "model")
                .when().get("/api/usage/timeseries")
                .then().statusCode(200)
                .body("by", equalTo("model"))
                .body("points.bucket", contains(D1 + "T01:00:00Z", D1 + "T01:00:00Z", D1 + "T02:00:00Z"))
                .body("points.value", contains("llama3-8b", "phi3-3.8b", "llama3-8b"));
    }

    @Test
    void analyticsNeedMasterKeyOrServiceTokenAndAcceptAnActingUser() {
        given().when().get("/api/usage/summary").then().statusCode(401);
        given().auth().oauth2("sk-wrong").when().get("/api/usage/summary").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
        given().auth().oauth2(FakeServers.SERVICE_TOKEN).header("X-Acting-User", "alice")
                .queryParam("from", D1.toString()).queryParam("to", D2.toString())
                .when().get("/api/usage/summary").then().statusCode(200);
        admin().queryParam("from", "yesterday").when().get("/api/usage/summary")
                .then().statusCode(400).body("error.param", equalTo("from"));
    }
}
