package io.llmaas.keys.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Shortcuts for calling keys-service in tests. */
public final class Api {

    public static final String MASTER_KEY = "sk-test-master-CHANGE_ME";
    public static final String SERVICE_TOKEN = "test-service-token-CHANGE_ME";

    private Api() {
    }

    public static RequestSpecification master() {
        return as(MASTER_KEY);
    }

    public static RequestSpecification as(String bearer) {
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/yaml", ContentType.TEXT)))
                .contentType(ContentType.JSON).header("Authorization", "Bearer " + bearer);
    }

    public static RequestSpecification service() {
        return as(SERVICE_TOKEN);
    }

    public static RequestSpecification actingAs(String userId) {
        return service().header("X-Acting-User", userId);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user with the given role; answers its id. */
    public static String user(String role) {
        return master().body("{\"role\":\"" + role + "\",\"email\":\"" + unique("u") + "@example.com\"}")
                .post("/api/users").then().statusCode(201).extract().path("id");
    }

    /** A model with one mock deployment; answers its alias. */
    public static String model(boolean restricted) {
        String alias = unique("m");
        master().body("{\"alias\":\"" + alias + "\",\"restricted\":" + restricted + ",\"inputPricePer1M\":1,"
                + "\"outputPricePer1M\":2,\"deployments\":[{\"backend\":\"mock\",\"baseUrl\":\"mock://demo\","
                + "\"upstreamModel\":\"demo\"}]}").post("/api/models").then().statusCode(201);
        return alias;
    }

    public static ValidatableResponse verify(String secretOrHash) {
        String hash = secretOrHash.startsWith("sk-") ? sha256(secretOrHash) : secretOrHash;
        return service().body("{\"keyHash\":\"" + hash + "\"}").post("/internal/keys/verify").then();
    }
}
