package io.llmaas.gateway.platform;

import static io.llmaas.gateway.platform.Platform.BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.llmaas.gateway.platform.Platform.GeneratedKey;
import io.llmaas.gateway.platform.Platform.Response;

/**
 * Budgets through two gateway replicas: 200 concurrent requests on a key whose budget covers 10 spend no more than the
 * budget plus one request's cost, the rest get OpenAI's 429 {@code insufficient_quota}; and a budget resets exactly at
 * its period boundary (keys-service's clock moved forward across it).
 */
class BudgetIT {

    private static final Platform P = Platform.get();
    /** The budget model costs $1000 per 1M completion tokens and nothing for prompts; the fake answers 7 tokens. */
    private static final BigDecimal REQUEST_COST = new BigDecimal("0.007");
    /** max_tokens equal to the real completion, so the reservation is the actual cost. */
    private static final String EXACT = ",\"max_tokens\":7";

    @AfterAll
    static void noKeyInAnyLog() throws IOException {
        Files.deleteIfExists(P.clockOffsetFile);
        LogSecrets.assertNoneLeaked(P.secrets());
    }

    @Test
    void twoHundredConcurrentRequestsOnTwoReplicasNeverOvershootTheBudget() throws Exception {
        BigDecimal budget = REQUEST_COST.multiply(BigDecimal.TEN);
        String user = P.user("");
        GeneratedKey key = P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + BUDGET
                + "\"],\"max_budget\":" + budget.toPlainString() + ",\"budget_duration\":\"30d\"");

        List<Response> answers = LimitsIT.fire(200, 32,
                i -> P.chat(i % 2 == 0 ? P.gateway1 : P.gateway2, key.secret(), BUDGET, EXACT));
        long ok = answers.stream().filter(r -> r.status() == 200).count();
        System.out.printf("MEASURED two gateways, budget of 10 requests: %d of 200 admitted%n", ok);
        assertThat(ok).isPositive().isLessThanOrEqualTo(11);
        for (Response refused : answers.stream().filter(r -> r.status() != 200).toList()) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("insufficient_quota");
            assertThat(refused.json().path("error").path("type").asText()).isEqualTo("insufficient_quota");
        }

        BigDecimal allowed = budget.add(REQUEST_COST);
        Platform.await(Duration.ofSeconds(30), "the spend settled into the ledger",
                () -> spend(key.secret()).compareTo(REQUEST_COST.multiply(BigDecimal.valueOf(ok))) == 0);
        assertThat(spend(key.secret())).isLessThanOrEqualTo(allowed);
        BigDecimal metered = MeteringIT.summary(key.id()).path("costUsd").decimalValue();
        assertThat(metered).isEqualByComparingTo(REQUEST_COST.multiply(BigDecimal.valueOf(ok)));
        assertThat(metered).isLessThanOrEqualTo(allowed);
    }

    @Test
    void aBudgetResetsAtItsPeriodBoundary() {
        String user = P.user("");
        GeneratedKey key = P.generateKey(P.keys.baseUrl(), "\"user_id\":\"" + user + "\",\"models\":[\"" + BUDGET
                + "\"],\"max_budget\":" + REQUEST_COST.multiply(BigDecimal.valueOf(2)).toPlainString()
                + ",\"budget_duration\":\"1h\"");
        assertThat(P.chat(P.gateway1, key.secret(), BUDGET, EXACT).status()).isEqualTo(200);
        assertThat(P.chat(P.gateway1, key.secret(), BUDGET, EXACT).status()).isEqualTo(200);
        Response exhausted = P.chat(P.gateway1, key.secret(), BUDGET, EXACT);
        assertThat(exhausted.status()).isEqualTo(429);
        assertThat(exhausted.json().path("error").path("code").asText()).isEqualTo("insufficient_quota");

        // One hour later (the period is anchored at the budget's creation hour) a new period starts.
        writeClockOffset("PT1H");
        try {
            Platform.await(Duration.ofSeconds(20), "the budget usable again in the next period",
                    () -> P.chat(P.gateway1, key.secret(), BUDGET, EXACT).status() == 200);
        } finally {
            writeClockOffset("PT0S");
        }
    }

    private static BigDecimal spend(String secret) {
        Response info = P.call("GET", P.keys.baseUrl() + "/key/info?key=" + secret, P.masterKey, null);
        Platform.expect(info, 200);
        return info.json().path("info").path("spend").decimalValue();
    }

    private static void writeClockOffset(String offset) {
        try {
            Files.writeString(P.clockOffsetFile, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Platform.sleep(200);
    }
}
