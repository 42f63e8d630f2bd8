package io.llmaas.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, with and without the {@code /v1} prefix. */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class ModelListTest {

    @Test
    void listsTheEnabledModels() {
        for (String path : new String[] {"/v1/models", "/models"}) {
            given().auth().oauth2(SseClient.MASTER_KEY).get(path)
                    .then().statusCode(200)
                    .body("object", is("list"))
                    .body("data.id", hasItems("gpt-fake", "llama-ollama", "demo", "org/with-slash"))
                    .body("data.id", not(hasItem("hidden")))
                    .body("data.object", everyItem(is("model")))
                    .body("data.owned_by", everyItem(is("llmaas")));
        }
    }

    @Test
    void describesOneModelEvenWithASlashInItsId() {
        given().auth().oauth2(SseClient.MASTER_KEY).get("/v1/models/demo")
                .then().statusCode(200).body("id", is("demo")).body("object", is("model"));
        given().auth().oauth2(SseClient.MASTER_KEY).get("/models/org/with-slash")
                .then().statusCode(200).body("id", is("org/with-slash"));
        given().auth().oauth2(SseClient.MASTER_KEY).get("/v1/models/hidden")
                .then().statusCode(404).body("error.code", is("model_not_found"));
    }

    @Test
    void requiresAKey() {
        given().get("/v1/models").then().statusCode(401).body("error.type", is("authentication_error"));
        given().get("/v1/models/demo").then().statusCode(401);
    }
}
