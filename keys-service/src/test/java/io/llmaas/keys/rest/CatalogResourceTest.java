package io.llmaas.keys.rest;

import static io.llmaas.keys.support.Api.master;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.Db;
import io.llmaas.keys.support.FakeAdminService;
import io.quarkus.test.junit.QuarkusTest;

/** The catalog: LiteLLM config import (the seed file), encrypted upstream keys, test connection, audit, roles. */
@QuarkusTest
class CatalogResourceTest {

    @Test
    void theSeedFileImportsAndImportingAgainChangesNothing() throws Exception {
        String seed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("seed/litellm-config.yaml")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("os.environ/LLMAAS_OLLAMA_URL_1", "http://ollama-1.test:11434")
                    .replace("os.environ/LLMAAS_OLLAMA_URL_2", "http://ollama-2.test:11434");
        }
        master().contentType("application/yaml").body(seed).post("/api/import/litellm").then().statusCode(200)
                .body("modelsCreated", hasItems("phi3-3.8b", "llama3-8b", "llama3.1-8b", "mistral-7b", "gemma2-9b",
                        "demo"))
                .body("deploymentsCreated.size()", equalTo(11))
                .body("masterKey", equalTo("os.environ/LLMAAS_MASTER_KEY"));
        master().get("/api/models/phi3-3.8b").then().statusCode(200).body("strategy", equalTo("least-busy"))
                .body("deployments.baseUrl", hasItems("http://ollama-1.test:11434", "http://ollama-2.test:11434"))
                .body("deployments.upstreamModel", hasItem("phi3:3.8b-mini-128k-instruct-q8_0"))
                .body("deployments.backend", hasItem("ollama"));
        master().get("/api/models/demo").then().body("deployments[0].backend", equalTo("mock"))
                .body("deployments[0].baseUrl", equalTo("mock://demo")).body("inputPricePer1M", equalTo(0.5f));
        master().contentType("application/yaml").body(seed).post("/api/import/litellm").then().statusCode(200)
                .body("modelsCreated.size()", equalTo(0)).body("skipped.size()", equalTo(11));

        master().contentType("application/yaml").body("model_list:\n  - model_name: x1\n    litellm_params:\n"
                + "      model: openai/gpt\n      api_base: http://h\n      api_key: os.environ/NOT_SET_ANYWHERE_42\n")
                .post("/api/import/litellm").then().statusCode(400)
                .body("error.fields.field", hasItem("model_list[0].litellm_params.api_key"));
    }

    @Test
    void upstreamKeysAreEncryptedWriteOnlyAndUsedForTestConnection() {
        String alias = Api.unique("enc");
        String deployment = master().body("{\"alias\":\"" + alias + "\",\"deployments\":[{\"backend\":\"openai\","
                + "\"baseUrl\":\"http://127.0.0.1:" + FakeAdminService.port + "\",\"upstreamModel\":\"m\","
                + "\"apiKey\":\"upstream-secret-2\"}]}").post("/api/models").then().statusCode(201)
                .body("deployments[0].apiKeySet", equalTo(true)).extract().path("deployments[0].id");
        assertThat(master().get("/api/models/" + alias).asString()).doesNotContain("upstream-secret-2");
        assertThat(Db.dumpSchema()).doesNotContain("upstream-secret-2");
        assertThat((String) Db.rows("select api_key_encrypted from keys.deployments where id = ?", deployment)
                .get(0)[0]).isNotBlank();

        master().post("/api/deployments/" + deployment + "/test").then().statusCode(200)
                .body("reachable", equalTo(true)).body("status", equalTo(200));
        assertThat(FakeAdminService.BACKEND_AUTHORIZATIONS).contains("Bearer upstream-secret-2");

        master().body("{\"apiKey\":null}").patch("/api/deployments/" + deployment).then().statusCode(200)
                .body("apiKeySet", equalTo(false));
        master().body("{\"baseUrl\":\"http://127.0.0.1:1\"}").patch("/api/deployments/" + deployment).then()
                .statusCode(200);
        master().post("/api/deployments/" + deployment + "/test").then().statusCode(200)
                .body("reachable", equalTo(false));
    }

    @Test
    void everyChangeIsAuditedWithActorAndShippedToAdminService() {
        String reader = Api.user("admin-readonly");
        String alias = Api.unique("aud");
        master().header("x-request-id", "req-audit-1").body("{\"alias\":\"" + alias + "\",\"deployments\":[{"
                + "\"backend\":\"openai\",\"baseUrl\":\"http://h\",\"upstreamModel\":\"m\","
                + "\"apiKey\":\"upstream-secret-audit-3\"}]}")
                .post("/api/models").then().statusCode(201);
        Api.actingAs(reader).get("/api/models/" + alias).then().statusCode(200);
        Api.actingAs(reader).body("{\"description\":\"x\"}").patch("/api/models/" + alias).then().statusCode(403);
        String admin = Api.user("admin");
        Api.actingAs(admin).body("{\"description\":\"by admin\"}").patch("/api/models/" + alias).then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String all = String.join("\n", FakeAdminService.AUDIT_BODIES);
            assertThat(all).contains("\"action\":\"model.create\"").contains("req-audit-1")
                    .contains("\"actor\":\"" + admin + "\"").contains("\"service\":\"keys-service\"");
        });
        assertThat(String.join("\n", FakeAdminService.AUDIT_BODIES)).doesNotContain("upstream-secret-audit-3")
                .doesNotContain("\"description\":\"x\"");
        assertThat(FakeAdminService.AUDIT_AUTHORIZATIONS).contains("Bearer " + Api.SERVICE_TOKEN);
    }

    @Test
    void adminServiceDownKeepsRecordsUntilItIsBack() {
        FakeAdminService.down = true;
        String id;
        try {
            id = Api.user("user");
            long waiting = Db.count("select count(*) from keys.audit_outbox where record ->> 'targetId' = ?", id);
            assertThat(waiting).isEqualTo(1);
        } finally {
            FakeAdminService.down = false;
        }
        // This record only: other tests pin the clock years ahead, and their records wait for that time to come.
        await().atMost(Duration.ofSeconds(60)).until(() -> Db.count(
                "select count(*) from keys.audit_outbox where record ->> 'targetId' = ?", id) == 0);
        assertThat(String.join("\n", FakeAdminService.AUDIT_BODIES)).contains(id);
    }

    @Test
    void rolesAndCredentials() {
        String reader = Api.user("admin-readonly");
        String admin = Api.user("admin");
        Api.actingAs(reader).get("/api/users").then().statusCode(200);
        Api.actingAs(reader).body("{}").post("/api/users").then().statusCode(403);
        String adminKey = master().body("{\"userId\":\"" + admin + "\"}").post("/api/keys").then().statusCode(201)
                .extract().path("key");
        Api.as(adminKey).body("{\"role\":\"user\"}").post("/api/users").then().statusCode(201);
        Api.as("sk-not-a-key").get("/api/users").then().statusCode(401);
        Api.actingAs("nobody-at-all").get("/api/users").then().statusCode(403);
        Api.service().body("{\"externalId\":\"oidc|42\",\"email\":\"a@b.c\",\"role\":\"admin\"}")
                .put("/api/users/by-external-id").then().statusCode(201).body("role", equalTo("admin"));
        Api.service().body("{\"externalId\":\"oidc|42\",\"email\":\"a@b.c\",\"role\":\"user\"}")
                .put("/api/users/by-external-id").then().statusCode(200).body("role", equalTo("user"));
        Api.service().body("{\"keyHash\":\"00\"}").post("/internal/keys/verify").then().statusCode(404);
        Api.as(adminKey).body("{\"keyHash\":\"00\"}").post("/internal/keys/verify").then().statusCode(401);
    }
}
