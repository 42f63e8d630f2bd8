package io.llmaas.keys.litellm;

import static io.llmaas.keys.support.Api.master;
import static io.llmaas.keys.support.Api.verify;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.llmaas.keys.support.Api;
import io.llmaas.keys.support.Db;
import io.quarkus.test.junit.QuarkusTest;

/** The LiteLLM-compatible endpoints with LiteLLM's request and response field names. */
@QuarkusTest
class LiteLlmEndpointsTest {

    @Test
    void keyLifecycleWithLiteLlmFieldNames() {
        String model = Api.model(false);
        String user = master().body("{\"user_id\":\"" + Api.unique("lu") + "\",\"user_email\":\"a@example.com\","
                + "\"user_role\":\"internal_user\",\"auto_create_key\":false}").post("/user/new").then()
                .statusCode(200).body("user_role", equalTo("internal_user")).body("key", nullValue())
                .extract().path("user_id");
        String alias = Api.unique("lk");
        var generated = master().body("{\"key_alias\":\"" + alias + "\",\"user_id\":\"" + user + "\",\"models\":[\""
                + model + "\"],\"rpm_limit\":60,\"tpm_limit\":1000,\"max_parallel_requests\":3,"
                + "\"model_rpm_limit\":{\"" + model + "\":10},\"model_tpm_limit\":{\"" + model + "\":500},"
                + "\"duration\":\"30d\",\"metadata\":{\"team\":\"x\"},\"max_budget\":10.5,\"budget_duration\":\"30d\","
                + "\"tags\":[\"ignored\"],\"permissions\":{}}").post("/key/generate").then().statusCode(200)
                .body("key_alias", equalTo(alias)).body("rpm_limit", equalTo(60)).body("tpm_limit", equalTo(1000))
                .body("max_parallel_requests", equalTo(3)).body("models", contains(model))
                .body("model_rpm_limit." + model, equalTo(10)).body("max_budget", equalTo(10.5f))
                .body("budget_duration", equalTo("30d")).body("budget_reset_at", notNullValue())
                .body("expires", notNullValue()).body("token", notNullValue()).body("key_name", notNullValue())
                .extract().response();
        String key = generated.path("key");
        String token = generated.path("token");
        assertThat(key).startsWith("sk-");
        assertThat(token).isEqualTo(Api.sha256(key));

        master().queryParam("key", key).get("/key/info").then().statusCode(200).body("key", equalTo(token))
                .body("info.token", equalTo(token)).body("info.key_alias", equalTo(alias))
                .body("info.spend", equalTo(0)).body("info.user_id", equalTo(user))
                .body("info.metadata.team", equalTo("x"));

        master().body("{\"key\":\"" + key + "\",\"rpm_limit\":null,\"tpm_limit\":5,\"max_budget\":null}")
                .post("/key/update").then().statusCode(200).body("rpm_limit", nullValue())
                .body("tpm_limit", equalTo(5)).body("max_parallel_requests", equalTo(3))
                .body("max_budget", nullValue());
        verify(key).body("keyLimits.rpm", nullValue()).body("keyLimits.tpm", equalTo(5));

        master().body("{\"key\":\"" + token + "\"}").post("/key/block").then().statusCode(200)
                .body("blocked", equalTo(true));
        master().body("{\"key\":\"" + key + "\"}").post("/key/unblock").then().statusCode(200)
                .body("blocked", equalTo(false));

        var regenerated = master().body("{\"key\":\"" + key + "\",\"grace_period\":\"1h\"}").post("/key/regenerate")
                .then().statusCode(200).body("token", not(equalTo(token))).extract().response();
        String second = regenerated.path("key");
        verify(key).statusCode(200).body("expiresAt", notNullValue());
        String third = master().body("{}").post("/key/" + second + "/regenerate").then().statusCode(200)
                .extract().path("key");
        verify(second).statusCode(404);
        verify(third).statusCode(200);

        master().queryParam("user_id", user).get("/key/list").then().statusCode(200)
                .body("keys", contains(Api.sha256(third))).body("total_count", equalTo(1))
                .body("current_page", equalTo(1)).body("total_pages", equalTo(1));
        master().queryParam("user_id", user).queryParam("return_full_object", true).get("/key/list").then()
                .body("keys[0].key_alias", equalTo(alias));

        master().body("{\"key_aliases\":[\"" + alias + "\"]}").post("/key/delete").then().statusCode(200)
                .body("deleted_keys", contains(alias));
        verify(third).statusCode(404);
    }

    @Test
    void userAndTeamEndpoints() {
        String userId = Api.unique("lu");
        var created = master().body("{\"user_id\":\"" + userId + "\",\"user_email\":\"" + userId + "@example.com\","
                + "\"user_alias\":\"Jane\",\"user_role\":\"proxy_admin_viewer\",\"rpm_limit\":100,\"max_budget\":50,"
                + "\"send_invite_email\":false}").post("/user/new").then().statusCode(200)
                .body("user_id", equalTo(userId)).body("user_alias", equalTo("Jane"))
                .body("user_role", equalTo("proxy_admin_viewer")).body("max_budget", equalTo(50))
                .body("key", notNullValue()).extract().response();
        String autoKey = created.path("key");
        verify(autoKey).statusCode(200).body("userId", equalTo(userId)).body("userLimits.rpm", equalTo(100));

        master().body("{\"user_id\":\"" + userId + "\",\"rpm_limit\":null,\"user_alias\":\"Janet\"}")
                .post("/user/update").then().statusCode(200).body("rpm_limit", nullValue())
                .body("user_alias", equalTo("Janet"));
        master().body("{\"user_email\":\"" + userId + "@example.com\",\"tpm_limit\":7}").post("/user/update")
                .then().statusCode(200).body("tpm_limit", equalTo(7));

        String teamId = Api.unique("lt");
        master().body("{\"team_id\":\"" + teamId + "\",\"team_alias\":\"Eng\",\"members_with_roles\":[{\"role\":"
                + "\"admin\",\"user_id\":\"" + userId + "\"}],\"tpm_limit\":1000,\"max_budget\":20}")
                .post("/team/new").then().statusCode(200).body("team_id", equalTo(teamId))
                .body("team_alias", equalTo("Eng")).body("members_with_roles[0].role", equalTo("admin"))
                .body("max_budget", equalTo(20));
        master().queryParam("user_id", userId).get("/user/info").then().statusCode(200)
                .body("user_id", equalTo(userId)).body("user_info.teams", contains(teamId))
                .body("keys[0].token", equalTo(Api.sha256(autoKey))).body("teams[0].team_id", equalTo(teamId));

        String other = Api.user("user");
        master().body("{\"team_id\":\"" + teamId + "\",\"member\":{\"role\":\"user\",\"user_id\":\"" + other + "\"}}")
                .post("/team/member_add").then().statusCode(200)
                .body("members_with_roles.user_id", hasItem(other));
        master().queryParam("team_id", teamId).get("/team/info").then().statusCode(200)
                .body("team_info.team_alias", equalTo("Eng")).body("team_memberships.size()", equalTo(2));
        String third = Api.user("user");
        master().body("{\"team_id\":\"" + teamId + "\",\"member\":[{\"role\":\"user\",\"user_id\":\"" + third
                + "\"},{\"role\":\"user\",\"user_id\":\"nobody-here\"}]}").post("/team/member_add").then()
                .statusCode(400);
        master().queryParam("team_id", teamId).get("/team/info").then().body("team_memberships.size()", equalTo(2));
        master().body("{\"team_id\":\"" + teamId + "\",\"user_id\":\"" + other + "\"}").post("/team/member_delete")
                .then().statusCode(200).body("members_with_roles.size()", equalTo(1));
        master().body("{\"team_id\":\"" + teamId + "\",\"tpm_limit\":null,\"blocked\":true}").post("/team/update")
                .then().statusCode(200).body("data.tpm_limit", nullValue()).body("data.blocked", equalTo(true));

        master().body("{\"user_ids\":[\"" + userId + "\"]}").post("/user/delete").then().statusCode(200)
                .body("deleted_users", contains(userId));
        verify(autoKey).statusCode(404);
        master().queryParam("user_id", userId).get("/user/info").then().statusCode(404);
    }

    @Test
    void modelEndpointsTreatEachEntryAsADeployment() {
        String alias = Api.unique("lm");
        String first = master().body("{\"model_name\":\"" + alias + "\",\"litellm_params\":{\"model\":"
                + "\"ollama/llama3:8b\",\"api_base\":\"http://127.0.0.1:11434\",\"rpm\":100},\"model_info\":"
                + "{\"input_cost_per_token\":0.000001,\"output_cost_per_token\":0.000002,\"max_tokens\":8192}}")
                .post("/model/new").then().statusCode(200).body("model_name", equalTo(alias))
                .body("litellm_params.model", equalTo("ollama/llama3:8b"))
                .body("model_info.input_cost_per_token", equalTo(0.000001f)).extract().path("model_info.id");
        String second = master().body("{\"model_name\":\"" + alias + "\",\"litellm_params\":{\"model\":"
                + "\"openai/llama3\",\"api_base\":\"http://127.0.0.1:8000/v1\",\"api_key\":\"upstream-secret-1\"}}")
                .post("/model/new").then().statusCode(200).body("model_info.api_key_set", equalTo(true))
                .extract().path("model_info.id");
        master().get("/model/info").then().statusCode(200).body("data.model_info.id", hasItem(first))
                .body("data.model_info.id", hasItem(second));
        master().get("/v1/model/info").then().statusCode(200).body("data.model_name", hasItem(alias));
        assertThat(Db.dumpSchema()).doesNotContain("upstream-secret-1");
        Api.service().get("/internal/routing").then().statusCode(200)
                .body("models.find { it.alias == '" + alias + "' }.deployments.apiKey", hasItem("upstream-secret-1"))
                .body("models.find { it.alias == '" + alias + "' }.inputPricePer1M", equalTo(1));
        master().get("/api/models/" + alias).then().body(not(org.hamcrest.Matchers.containsString("upstream-secret")));

        master().body("{\"model_info\":{\"id\":\"" + first + "\"},\"litellm_params\":{\"rpm\":null,\"tpm\":5}}")
                .post("/model/update").then().statusCode(200).body("litellm_params.rpm", nullValue())
                .body("litellm_params.tpm", equalTo(5));
        master().body("{\"id\":\"" + first + "\"}").post("/model/delete").then().statusCode(200);
        master().get("/api/models/" + alias).then().statusCode(200).body("deployments.size()", equalTo(1));
        master().body("{\"id\":\"" + second + "\"}").post("/model/delete").then().statusCode(200);
        master().get("/api/models/" + alias).then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void healthEndpointsAreOpen() {
        given().get("/health/liveliness").then().statusCode(200);
        given().get("/health/readiness").then().statusCode(200).body("status", equalTo("healthy"))
                .body("db", equalTo("connected"));
        given().get("/key/list").then().statusCode(401).body("error.type", equalTo("authentication_error"));
        given().header("x-litellm-api-key", Api.MASTER_KEY).get("/key/list").then().statusCode(200);
    }
}
