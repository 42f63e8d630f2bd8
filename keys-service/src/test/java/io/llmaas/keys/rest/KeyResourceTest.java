package io.llmaas.keys.rest;

import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.sha256;
import static io.llmaas.keys.support.Api.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.llmaas.keys.service.KeyUsageTracker;
import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.Db;
import io.llmaas.keys.support.FakeAdminService;
import io.llmaas.keys.support.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(FakeAdminService.class)
class KeyResourceTest {

    @Inject
    TestClock clock;

    @Inject
    KeyUsageTracker usage;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void secretIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        String user = Api.user("user");
        String model = Api.model(false);
        var created = master().body("{\"alias\":\"" + Api.unique("k") + "\",\"userId\":\"" + user
                + "\",\"models\":[\"" + model + "\"],\"rpmLimit\":60}").post("/api/keys").then().statusCode(201)
                .extract().response();
        String secret = created.path("key");
        String id = created.path("info.id");
        assertThat(secret).startsWith("sk-").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(created.asString()).contains(secret);

        String single = master().get("/api/keys/" + id).then().statusCode(200).extract().asString();
        String list = master().queryParam("userId", user).get("/api/keys").then().statusCode(200).extract().asString();
        String info = master().queryParam("key", secret).get("/key/info").then().statusCode(200).extract().asString();
        assertThat(single).doesNotContain(secret).contains(id);
        assertThat(list).doesNotContain(secret).contains(id);
        assertThat(info).doesNotContain(secret.substring(3));

        assertThat(Db.rows("select hash, prefix from keys.key_secrets where key_id = ?", id))
                .singleElement().satisfies(row -> {
                    assertThat(row[0]).isEqualTo(sha256(secret));
                    assertThat((String) row[1]).isEqualTo(secret.substring(0, 9));
                });
        assertThat(Db.dumpSchema()).doesNotContain(secret).doesNotContain(secret.substring(9));

        verify(secret).statusCode(200).body("keyId", equalTo(id)).body("status", equalTo("ACTIVE"))
                .body("userId", equalTo(user)).body("keyLimits.rpm", equalTo(60));

        usage.flush();
        assertThat(Db.rows("select last_used_at from keys.virtual_keys where id = ?", id).get(0)[0]).isNotNull();

        String log = Files.readString(Path.of("target/keys-service-test.log"));
        assertThat(log).contains(id).doesNotContain(secret).doesNotContain(secret.substring(9));
    }

    @Test
    void rotationKeepsTheOldSecretForTheGracePeriodOnly() {
        String user = Api.user("user");
        var created = master().body("{\"userId\":\"" + user + "\"}").post("/api/keys").then().statusCode(201)
                .extract().response();
        String old = created.path("key");
        String id = created.path("info.id");

        var rotated = master().body("{\"gracePeriodSeconds\":60}").post("/api/keys/" + id + "/rotate").then()
                .statusCode(200).extract().response();
        String fresh = rotated.path("key");
        assertThat(fresh).isNotEqualTo(old);
        assertThat((String) rotated.path("info.id")).isEqualTo(id);

        verify(fresh).statusCode(200).body("keyId", equalTo(id)).body("expiresAt", nullValue());
        verify(old).statusCode(200).body("keyId", equalTo(id)).body("expiresAt", notNullValue());

        clock.advance(Duration.ofSeconds(61));
        verify(old).statusCode(404);
        verify(fresh).statusCode(200);

        String newest = master().post("/api/keys/" + id + "/rotate").then().statusCode(200).extract().path("key");
        verify(fresh).statusCode(404);
        verify(newest).statusCode(200);
    }

    @Test
    void blockExpiryAndDeleteReachTheGateways() {
        String user = Api.user("user");
        Instant expiry = Instant.parse("2031-01-01T00:00:00Z");
        var created = master().body("{\"userId\":\"" + user + "\",\"expiresAt\":\"" + expiry + "\"}")
                .post("/api/keys").then().statusCode(201).extract().response();
        String secret = created.path("key");
        String id = created.path("info.id");
        verify(secret).body("expiresAt", equalTo("2031-01-01T00:00:00Z"));

        long head = Api.service().queryParam("after", -1).get("/internal/changes").then().extract()
                .jsonPath().getLong("cursor");
        master().post("/api/keys/" + id + "/block").then().statusCode(200).body("blocked", equalTo(true));
        verify(secret).body("status", equalTo("BLOCKED"));
        Api.service().queryParam("after", head).get("/internal/changes").then().statusCode(200)
                .body("changes.keyHash", hasItem(sha256(secret)));
        master().post("/api/keys/" + id + "/unblock").then().statusCode(200).body("blocked", equalTo(false));
        verify(secret).body("status", equalTo("ACTIVE"));

        master().body("{\"expiresAt\":null}").patch("/api/keys/" + id).then().statusCode(200)
                .body("expiresAt", nullValue());
        verify(secret).body("expiresAt", nullValue());

        master().delete("/api/keys/" + id).then().statusCode(204);
        verify(secret).statusCode(404);
        master().get("/api/keys/" + id).then().statusCode(404).body("error.type", equalTo("not_found_error"));
        assertThat(Db.count("select count(*) from keys.key_secrets where key_id = ?", id)).isZero();
    }

    @Test
    void usersManageTheirOwnKeysOnly() {
        String alice = Api.user("user");
        String bob = Api.user("user");
        var created = Api.actingAs(alice).body("{\"alias\":\"" + Api.unique("mine") + "\"}").post("/api/keys")
                .then().statusCode(201).body("info.userId", equalTo(alice)).extract().response();
        String id = created.path("info.id");
        String secret = created.path("key");
        Api.actingAs(bob).get("/api/keys/" + id).then().statusCode(403).body("error.type",
                equalTo("permission_error"));
        Api.actingAs(bob).post("/api/keys/" + id + "/block").then().statusCode(403);
        Api.as(secret).get("/key/info").then().statusCode(200).body("info.key_id", equalTo(id));
        Api.actingAs(alice).body("{\"userId\":\"" + bob + "\"}").post("/api/keys").then().statusCode(403);
        Api.actingAs(alice).delete("/api/keys/" + id).then().statusCode(204);
    }

    /** The portal lets users give their new keys a budget within its maximums; a shared budget stays an admin's. */
    @Test
    void usersGiveTheirNewKeysABudgetButCannotLinkASharedOne() {
        String alice = Api.user("user");
        String shared = master().body("{\"maxBudget\":50}").post("/api/budgets").then().statusCode(201)
                .extract().path("id");
        Api.actingAs(alice).body("{\"maxBudget\":5,\"budgetDuration\":\"30d\"}").post("/api/keys").then()
                .statusCode(201).body("info.budget.maxBudget", equalTo(5)).body("info.budget.duration", equalTo("30d"));
        Api.actingAs(alice).body("{\"budgetId\":\"" + shared + "\"}").post("/api/keys").then().statusCode(403);
        String id = Api.actingAs(alice).body("{}").post("/api/keys").then().statusCode(201).extract().path("info.id");
        Api.actingAs(alice).body("{\"maxBudget\":500}").patch("/api/keys/" + id).then().statusCode(403);
        master().get("/api/keys/" + id).then().body("budget.maxBudget", nullValue());
    }

    @Test
    void anExpiredOrBlockedKeyCannotManage() {
        String admin = Api.user("admin");
        String secret = master().body("{\"userId\":\"" + admin + "\",\"expiresAt\":\""
                + clock.instant().plusSeconds(30) + "\"}").post("/api/keys").then().statusCode(201)
                .extract().path("key");
        Api.as(secret).get("/api/users").then().statusCode(200);
        clock.advance(Duration.ofSeconds(31));
        Api.as(secret).get("/api/users").then().statusCode(401).body("error.type", equalTo("authentication_error"));
    }
}
