package io.llmaas.usage.rest;

import static io.llmaas.usage.testing.UsageEvents.batch;
import static io.llmaas.usage.testing.UsageEvents.event;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.llmaas.usage.service.IngestService;
import io.llmaas.usage.testing.FakeKeysService;
import io.llmaas.usage.testing.FakeServers;
import io.llmaas.usage.testing.UsageTables;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** LiteLLM's spend endpoints answer with LiteLLM's field names. */
@QuarkusTest
@WithTestResource(value = FakeServers.class, scope = TestResourceScope.GLOBAL)
class LiteLlmSpendResourceTest {

    static final LocalDate D1 = LocalDate.now(ZoneOffset.UTC).minusDays(5);
    static final LocalDate D2 = D1.plusDays(1);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IngestService ingest;

    FakeKeysService keys;

    @BeforeEach
    void seed() {
        new UsageTables(dataSource).truncateAll();
        keys.reset();
        Instant d1 = D1.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant d2 = D2.atStartOfDay(ZoneOffset.UTC).toInstant();
        ingest.ingest(batch(List.of(
                event("ll-1", d1.plusSeconds(100), "key-a", "alice", "team-x", "llama3-8b", 100, 50, "1.25"),
                event("ll-2", d1.plusSeconds(200), "key-b", "bob", null, "phi3-3.8b", 10, 5, "0.50"),
                event("ll-3", d2.plusSeconds(300), "key-a", "alice", "team-x", "phi3-3.8b", 20, 10, "0.25"))));
    }

    @Test
    void spendLogsSummarizedPerDayByDefault() {
        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .queryParam("end_date", D2.toString())
                .when().get("/spend/logs")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].startTime", equalTo(D1.toString()))
                .body("[0].spend", comparesEqualTo(new BigDecimal("1.75")))
                .body("[0].'key-a'", comparesEqualTo(new BigDecimal("1.25")))
                .body("[0].users.alice", comparesEqualTo(new BigDecimal("1.25")))
                .body("[0].models.'phi3-3.8b'", comparesEqualTo(new BigDecimal("0.50")))
                .body("[1].spend", comparesEqualTo(new BigDecimal("0.25")));
    }

    @Test
    void spendLogsIndividuallyWithLiteLlmFieldNames() {
        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .queryParam("end_date", D2.toString()).queryParam("summarize", "false")
                .queryParam("user_id", "alice")
                .when().get("/spend/logs")
                .then().statusCode(200)
                .body("request_id", contains("ll-3", "ll-1"))
                .body("[1].api_key", equalTo("key-a"))
                .body("[1].call_type", equalTo("acompletion"))
                .body("[1].spend", comparesEqualTo(new BigDecimal("1.25")))
                .body("[1].total_tokens", equalTo(150))
                .body("[1].prompt_tokens", equalTo(100))
                .body("[1].completion_tokens", equalTo(50))
                .body("[1].startTime", equalTo(D1 + "T00:01:40Z"))
                .body("[1].endTime", equalTo(D1 + "T00:01:40.120Z"))
                .body("[1].model", equalTo("llama3-8b"))
                .body("[1].model_group", equalTo("llama3-8b"))
                .body("[1].user", equalTo("alice"))
                .body("[1].team_id", equalTo("team-x"))
                .body("[1].status", equalTo("success"))
                .body("[1].metadata.user_api_key_alias", equalTo("key-a-alias"));

        UsageAnalyticsResourceTest.admin().queryParam("request_id", "ll-2")
                .when().get("/spend/logs")
                .then().statusCode(200).body("request_id", contains("ll-2"));
    }

    @Test
    void apiKeyMayBeAKeyIdARawKeyOrItsHash() throws Exception {
        String raw = "sk-live-abcdef";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(raw.getBytes(StandardCharsets.UTF_8)));
        keys.knowKey(hash, "key-b");

        for (String apiKey : List.of("key-b", raw, hash)) {
            UsageAnalyticsResourceTest.admin().queryParam("api_key", apiKey)
                    .when().get("/spend/logs")
                    .then().statusCode(200).body("request_id", contains("ll-2"));
        }
        UsageAnalyticsResourceTest.admin().queryParam("api_key", "sk-unknown")
                .when().get("/spend/logs")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void globalSpendReportGroupedByTeamCustomerAndKey() {
        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .queryParam("end_date", D2.toString())
                .when().get("/global/spend/report")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].group_by_day", equalTo(D1 + "T00:00Z"))
                .body("[0].teams.team_name", contains("team-x", "Unassigned Team"))
                .body("[0].teams[0].total_spend", comparesEqualTo(new BigDecimal("1.25")))
                .body("[0].teams[0].metadata[0].model", equalTo("llama3-8b"))
                .body("[0].teams[0].metadata[0].api_key", equalTo("key-a"))
                .body("[0].teams[0].metadata[0].spend", comparesEqualTo(new BigDecimal("1.25")))
                .body("[0].teams[0].metadata[0].total_tokens", equalTo(150));

        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .queryParam("end_date", D2.toString()).queryParam("group_by", "customer")
                .when().get("/global/spend/report")
                .then().statusCode(200)
                .body("[0].customers.customer", contains("alice", "bob"))
                .body("[0].customers[1].total_spend", comparesEqualTo(new BigDecimal("0.50")));

        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .queryParam("end_date", D2.toString()).queryParam("group_by", "api_key")
                .when().get("/global/spend/report")
                .then().statusCode(200)
                .body("api_key", contains("key-a", "key-b"))
                .body("[0].total_cost", comparesEqualTo(new BigDecimal("1.50")))
                .body("[0].total_input_tokens", equalTo(120))
                .body("[0].total_output_tokens", equalTo(60))
                .body("[0].model_details.model", contains("llama3-8b", "phi3-3.8b"))
                .body("[0].model_details[1].total_cost", comparesEqualTo(new BigDecimal("0.25")));

        UsageAnalyticsResourceTest.admin().queryParam("start_date", D1.toString())
                .when().get("/global/spend/report")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
    }
}
