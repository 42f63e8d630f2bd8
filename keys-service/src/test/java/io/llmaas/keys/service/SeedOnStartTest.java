package io.llmaas.keys.service;

import static io.llmaas.keys.support.Api.master;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** An empty catalog is seeded at start from the classpath LiteLLM file, once. */
@QuarkusTest
@TestProfile(SeedOnStartTest.Seeding.class)
class SeedOnStartTest {

    public static class Seeding implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keys.seed.enabled", "true");
        }
    }

    @Inject
    LiteLlmConfigImporter importer;

    @Test
    void theSeedsAliasesAreThereOnBothOllamaHosts() {
        master().get("/api/models").then().statusCode(200).body("alias", containsInAnyOrder("demo", "gemma2-9b",
                "llama3-8b", "llama3.1-8b", "mistral-7b", "phi3-3.8b"));
        master().get("/api/models/phi3-3.8b").then().body("strategy", equalTo("least-busy"))
                .body("deployments.baseUrl", containsInAnyOrder("http://hx-llm01-server.dev-test.hana-x.ai:11434",
                        "http://hx-llm02-server.dev-test.hana-x.ai:11434"))
                .body("deployments.upstreamModel", contains("phi3:3.8b-mini-128k-instruct-q8_0",
                        "phi3:3.8b-mini-128k-instruct-q8_0"));
        master().get("/api/models/llama3-8b").then().body("deployments[0].upstreamModel",
                equalTo("llama3:8b-instruct-q8_0"));
        master().get("/api/models/demo").then().body("deployments.backend", contains("mock"))
                .body("deployments.baseUrl", contains("mock://demo")).body("deployments.upstreamModel",
                        contains("demo"));
        assertThat(importer.seedIfEmpty()).isNull();
    }
}
