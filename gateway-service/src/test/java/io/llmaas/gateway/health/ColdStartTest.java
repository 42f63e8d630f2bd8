package io.llmaas.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Platform mode starting while keys-service cannot be reached: the gateway does not fall back to the routing file
 * (its models and prices would not be the catalog's); it stays not ready, so Kubernetes sends it no traffic, and keeps
 * trying in the background.
 */
@QuarkusTest
@TestProfile(ColdStartTest.KeysServiceUnreachable.class)
class ColdStartTest {

    /** Platform mode with keys-service and usage-service on ports nothing listens on. */
    public static class KeysServiceUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String nobody = "http://127.0.0.1:" + ServiceProcess.freePort();
            return Map.of("gateway.mode", "platform", "quarkus.rest-client.keys.url", nobody,
                    "quarkus.rest-client.usage.url", nobody,
                    "gateway.metering.spool-dir", "target/cold-start-spool-" + System.nanoTime());
        }
    }

    @Test
    void notReadyWithoutARoutingTable() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.name", hasItem("routing-table"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/health/readiness").then().statusCode(503).body("status", equalTo("unhealthy"));
        // Even the master key finds no model yet; a virtual key cannot be verified.
        given().auth().oauth2(SseClient.MASTER_KEY).contentType("application/json")
                .body("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404);
        given().auth().oauth2("sk-some-virtual-key").contentType("application/json")
                .body("{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(503)
                .body("error.type", equalTo("service_unavailable"));
    }
}
