package io.llmaas.keys.internal;

import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.llmaas.keys.service.ChangeLog;
import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ChangeFeedTest {

    @Inject
    ChangeLog changes;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static long head() {
        return service().queryParam("after", -1).get("/internal/changes").then().statusCode(200)
                .body("reset", equalTo(false)).body("changes.size()", equalTo(0)).extract().jsonPath()
                .getLong("cursor");
    }

    @Test
    void indirectChangesWriteOneKeyEntryPerAffectedKey() {
        String user = Api.user("user");
        String first = master().body("{\"userId\":\"" + user + "\"}").post("/api/keys").then().statusCode(201)
                .extract().path("key");
        String second = master().body("{\"userId\":\"" + user + "\"}").post("/api/keys").then().statusCode(201)
                .extract().path("key");
        String other = master().body("{\"userId\":\"" + Api.user("user") + "\"}").post("/api/keys").then()
                .statusCode(201).extract().path("key");
        long cursor = head();
        master().body("{\"rpmLimit\":5}").patch("/api/users/" + user).then().statusCode(200);
        JsonPath page = service().queryParam("after", cursor).get("/internal/changes").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("changes.keyHash", String.class))
                .containsExactlyInAnyOrder(Api.sha256(first), Api.sha256(second));
        assertThat(page.getList("changes.kind", String.class)).containsOnly("KEY");

        cursor = page.getLong("cursor");
        Api.model(false);
        List<String> kinds = service().queryParam("after", cursor).queryParam("limit", 1000).get("/internal/changes")
                .then().extract().jsonPath().getList("changes.kind", String.class);
        assertThat(kinds).contains("ROUTING", "KEY");
        List<String> hashes = service().queryParam("after", cursor).queryParam("limit", 1000)
                .get("/internal/changes").then().extract().jsonPath().getList("changes.keyHash", String.class);
        assertThat(hashes).contains(Api.sha256(other));
    }

    @Test
    void concurrentWritersNeverLeaveAGapBehindAReader() throws Exception {
        long start = head();
        String user = Api.user("user");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(pool.submit(() -> master().body("{\"userId\":\"" + user + "\"}").post("/api/keys").then()
                    .statusCode(201).extract().<String>path("key")));
        }
        Set<Long> seen = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        long cursor = start;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hashes.size() < 40 && System.nanoTime() < deadline) {
            JsonPath page = service().queryParam("after", cursor).queryParam("limit", 7).get("/internal/changes")
                    .then().statusCode(200).body("reset", equalTo(false)).extract().jsonPath();
            List<Long> seqs = page.getList("changes.seq", Long.class);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(cursor + i + 1);
                assertThat(seen.add(seqs.get(i))).isTrue();
            }
            hashes.addAll(page.getList("changes.keyHash", String.class));
            cursor = page.getLong("cursor");
        }
        pool.shutdown();
        for (Future<String> f : created) {
            assertThat(hashes).contains(Api.sha256(f.get()));
        }
    }

    @Test
    void aCursorOlderThanTheRetainedHistoryIsReset() {
        long before = head();
        Api.user("user");
        String user = Api.user("user");
        master().body("{\"userId\":\"" + user + "\"}").post("/api/keys").then().statusCode(201);
        long after = head();
        assertThat(after).isGreaterThan(before);
        clock.advance(Duration.ofHours(2));
        assertThat(changes.purge()).isPositive();
        service().queryParam("after", before).get("/internal/changes").then().statusCode(200)
                .body("reset", equalTo(true)).body("cursor", equalTo((int) after));
        service().queryParam("after", after).get("/internal/changes").then().statusCode(200)
                .body("reset", equalTo(false));
        service().queryParam("after", after + 1000).get("/internal/changes").then().body("reset", equalTo(true));
        Api.service().get("/internal/changes").then().statusCode(200);
        Api.master().get("/internal/changes").then().statusCode(401);
    }
}
