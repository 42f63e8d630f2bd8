package io.llmaas.keys.internal;

import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.service;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Leases: limits hold exactly across concurrent askers (each thread plays a gateway). */
@QuarkusTest
class LeaseResourceTest {

    /** A grant as the gateway reads it (test-local: contracts types stay out of test signatures). */
    record Grant(String leaseId, long granted, long limit, long remaining, Instant resetAt, long retryAfterMs) {
    }

    static Grant ask(String gateway, String scope, String kind, long amount, long min) {
        return ask(gateway, scope, kind, amount, min, null);
    }

    /** An ask that keeps the gateway's open slice {@code keep} (an ask ahead); null: supersedes every open slice. */
    static Grant ask(String gateway, String scope, String kind, long amount, long min, String keep) {
        Map<String, Object> ask = new java.util.HashMap<>(Map.of("scope", scope, "kind", kind, "amount", amount,
                "minAmount", min));
        if (keep != null) {
            ask.put("keepLeaseId", keep);
        }
        JsonPath grant = service().body(Map.of("gatewayId", gateway, "asks", List.of(ask))).post("/internal/leases")
                .then()
                .statusCode(200).extract().jsonPath().setRootPath("grants[0]");
        String reset = grant.getString("resetAt");
        return new Grant(grant.getString("leaseId"), grant.getLong("granted"), grant.getLong("limit"),
                grant.getLong("remaining"), reset == null ? null : Instant.parse(reset), grant.getLong("retryAfterMs"));
    }

    static void report(String gateway, String leaseId, String kind, long consumed, boolean release) {
        service().body(Map.of("gatewayId", gateway, "uses", List.of(Map.of("leaseId", leaseId, "kind", kind,
                "consumed", consumed, "release", release)))).post("/internal/leases/report").then().statusCode(204);
    }

    static String key(String limits) {
        String user = Api.user("user");
        return master().body("{\"userId\":\"" + user + "\"" + limits + "}").post("/api/keys").then().statusCode(201)
                .extract().path("info.id");
    }

    static long concurrently(int threads, int perThread, Callable<Long> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            futures.add(pool.submit(task));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }

    @Test
    void rpmGrantsFromManyGatewaysNeverExceedTheLimitInTheWindow() throws Exception {
        String keyId = key(",\"rpmLimit\":60");
        String scope = "key:" + keyId;
        long granted = concurrently(8, 25, () -> {
            String gateway = "gw-" + (Thread.currentThread().getId() % 8);
            return ask(gateway, scope, "RPM", 10, 1).granted();
        });
        assertThat(granted).isEqualTo(60);
        Grant denied = ask("gw-x", scope, "RPM", 1, 1);
        assertThat(denied.granted()).isZero();
        assertThat(denied.limit()).isEqualTo(60);
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfterMs()).isPositive().isLessThanOrEqualTo(60_000);
        assertThat(denied.resetAt()).isNotNull();
    }

    @Test
    void sliceSizeAndReleaseReturnsTheUnusedPart() {
        String scope = "key:" + key(",\"rpmLimit\":100");
        Grant first = ask("gw-a", scope, "RPM", 50, 1);
        assertThat(first.granted()).isEqualTo(5);
        assertThat(first.remaining()).isEqualTo(95);
        Grant second = ask("gw-b", scope, "RPM", 50, 1);
        assertThat(second.granted()).isEqualTo(2);
        report("gw-a", first.leaseId(), "RPM", 1, true);
        Grant third = ask("gw-a", scope, "RPM", 50, 1);
        assertThat(third.remaining()).isEqualTo(100 - 1 - 2 - third.granted());
    }

    @Test
    void anAskAheadKeepsTheSliceInUseOpenAndItsReleaseCountsWhatItUsed() {
        String scope = "key:" + key(",\"rpmLimit\":100");
        Grant current = ask("gw-a", scope, "RPM", 50, 1);
        assertThat(current.granted()).isEqualTo(5);
        // Ahead: the slice in use stays open (still counted whole in the window), so its later release counts only
        // what it used.
        Grant ahead = ask("gw-a", scope, "RPM", 50, 1, current.leaseId());
        assertThat(ahead.granted()).isEqualTo(5);
        assertThat(ahead.remaining()).isEqualTo(90);
        report("gw-a", current.leaseId(), "RPM", 2, true);
        // An ordinary ask supersedes the gateway's open slice (the one asked ahead), counted in full.
        Grant next = ask("gw-a", scope, "RPM", 50, 1);
        assertThat(next.remaining()).isEqualTo(100 - 2 - 5 - next.granted());
        report("gw-a", ahead.leaseId(), "RPM", 1, true);
        Grant after = ask("gw-b", scope, "RPM", 50, 1);
        assertThat(after.remaining()).isEqualTo(100 - 2 - 5 - next.granted() - after.granted());
        // Naming a slice to keep never keeps more than it: the other open slices of the gateway are superseded.
        Grant third = ask("gw-b", scope, "RPM", 50, 1, after.leaseId());
        Grant fourth = ask("gw-b", scope, "RPM", 50, 1, after.leaseId());
        report("gw-b", third.leaseId(), "RPM", 0, true);
        Grant check = ask("gw-c", scope, "RPM", 1, 1);
        assertThat(check.remaining()).isEqualTo(100 - 2 - 5 - next.granted() - after.granted() - third.granted()
                - fourth.granted() - check.granted());
    }

    @Test
    void parallelSlotsAreExactAcrossGateways() throws Exception {
        String scope = "key:" + key(",\"maxParallel\":5");
        long held = concurrently(6, 1, () -> {
            String gateway = "gw-" + Thread.currentThread().getId();
            return ask(gateway, scope, "PARALLEL", 1, 1).granted();
        });
        assertThat(held).isEqualTo(5);
        Grant grown = ask("gw-p", scope, "PARALLEL", 1, 1);
        assertThat(grown.granted()).isZero();
        assertThat(grown.remaining()).isZero();
    }

    @Test
    void parallelReleaseFreesSlots() {
        String scope = "key:" + key(",\"maxParallel\":2");
        Grant a = ask("gw-1", scope, "PARALLEL", 2, 2);
        assertThat(a.granted()).isEqualTo(2);
        assertThat(ask("gw-2", scope, "PARALLEL", 1, 1).granted()).isZero();
        Grant shrunk = ask("gw-1", scope, "PARALLEL", 1, 0);
        assertThat(shrunk.granted()).isEqualTo(1);
        assertThat(shrunk.leaseId()).isEqualTo(a.leaseId());
        assertThat(ask("gw-2", scope, "PARALLEL", 1, 1).granted()).isEqualTo(1);
        report("gw-1", a.leaseId(), "PARALLEL", 0, true);
        assertThat(ask("gw-3", scope, "PARALLEL", 1, 1).granted()).isEqualTo(1);
    }

    @Test
    void unlimitedScopesAndBadAsks() {
        String scope = "key:" + key("");
        Grant free = ask("gw", scope, "TPM", 500, 1);
        assertThat(free.granted()).isEqualTo(500);
        assertThat(free.limit()).isEqualTo(-1);
        service().body(Map.of("gatewayId", "gw", "asks", List.of(Map.of("scope", "nonsense", "kind", "RPM",
                "amount", 1, "minAmount", 1))))
                .post("/internal/leases").then().statusCode(400).body("error.type", equalTo("invalid_request_error"));
        master().body(Map.of("gatewayId", "gw", "asks", List.of())).post("/internal/leases").then().statusCode(401);
    }

    @Test
    void tpmReservesEstimatesAndReleaseReturnsWhatWasNotUsed() {
        String keyId = key(",\"tpmLimit\":1000");
        Grant first = ask("gw-t", "key:" + keyId, "TPM", 400, 30);
        assertThat(first.granted()).isEqualTo(50);
        report("gw-t", first.leaseId(), "TPM", 12, true);
        Grant second = ask("gw-t", "key:" + keyId, "TPM", 400, 30);
        assertThat(second.remaining()).isEqualTo(1000 - 12 - second.granted());
    }

    @Test
    void aRequestNeedingMoreThanOneSliceGetsItWhileTheWindowHasIt() {
        String keyId = key(",\"tpmLimit\":1000");
        Grant big = ask("gw-big", "key:" + keyId, "TPM", 400, 300);
        assertThat(big.granted()).isEqualTo(300);
        assertThat(big.remaining()).isEqualTo(700);
        report("gw-big", big.leaseId(), "TPM", 300, true);
        ask("gw-big", "key:" + keyId, "TPM", 700, 700);
        Grant tooBig = ask("gw-big2", "key:" + keyId, "TPM", 400, 300);
        assertThat(tooBig.granted()).isZero();
    }

    @Test
    void userAndKeyPerModelScopesUseTheirOwnLimits() {
        String user = Api.user("user");
        master().body("{\"rpmLimit\":2}").patch("/api/users/" + user).then().statusCode(200);
        assertThat(ask("gw-u", "user:" + user, "RPM", 5, 1).granted()).isEqualTo(1);
        assertThat(ask("gw-v", "user:" + user, "RPM", 5, 1).granted()).isEqualTo(1);
        assertThat(ask("gw-w", "user:" + user, "RPM", 5, 1).granted()).isZero();
        String model = Api.model(false);
        String keyId = key(",\"modelRpmLimit\":{\"" + model + "\":1}");
        assertThat(ask("gw", "key:" + keyId + ":model:" + model, "RPM", 5, 1).granted()).isEqualTo(1);
        assertThat(ask("gw2", "key:" + keyId + ":model:" + model, "RPM", 5, 1).granted()).isZero();
        assertThat(ask("gw", "key:" + keyId, "RPM", 5, 1).limit()).isEqualTo(-1);
    }

    private static double metric(String line) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(line.length())
                        .trim())).findFirst().orElse(-1);
    }

    @Test
    void grantsDenialsAndTheFeedHeadAreMetrics() {
        String scope = "key:" + key(",\"rpmLimit\":1");
        double grants = metric("llmaas_keys_lease_grants_total{kind=\"RPM\"}");
        double denials = metric("llmaas_keys_lease_denials_total{kind=\"RPM\"}");
        assertThat(metric("llmaas_keys_lease_denials_total{kind=\"BUDGET\"}")).isGreaterThanOrEqualTo(0);
        ask("gw-m", scope, "RPM", 1, 1);
        ask("gw-n", scope, "RPM", 1, 1);
        assertThat(metric("llmaas_keys_lease_grants_total{kind=\"RPM\"}")).isEqualTo(grants + 1);
        assertThat(metric("llmaas_keys_lease_denials_total{kind=\"RPM\"}")).isEqualTo(denials + 1);
        assertThat(metric("llmaas_keys_changes_head")).isGreaterThanOrEqualTo(0);
        assertThat(metric("llmaas_keys_audit_outbox_backlog")).isGreaterThanOrEqualTo(0);
        assertThat(metric("llmaas_keys_verify_calls_total{result=\"unknown\"}")).isGreaterThanOrEqualTo(0);
    }
}
