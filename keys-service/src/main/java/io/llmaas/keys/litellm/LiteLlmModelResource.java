package io.llmaas.keys.litellm;

import java.math.BigDecimal;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.keys.rest.JsonBody;
import io.llmaas.keys.rest.dto.ModelView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.CatalogService;
import io.llmaas.keys.service.DeploymentFields;
import io.llmaas.keys.service.LiteLlmOperations;
import io.llmaas.keys.service.ModelFields;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.Settable;

/**
 * LiteLLM's {@code /model/*} endpoints. A LiteLLM "model" entry is one of our deployments: {@code model_name} is the
 * alias, {@code litellm_params} the backend, {@code model_info.id} the deployment id.
 */
@Path("/")
@Tag(name = "LiteLLM-compatible: models")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmModelResource {

    private static final BigDecimal PER_MILLION = BigDecimal.valueOf(1_000_000);

    private final CatalogService catalog;
    private final LiteLlmOperations operations;
    private final LiteLlmViews views;
    private final CurrentCaller caller;

    public LiteLlmModelResource(CatalogService catalog, LiteLlmOperations operations, LiteLlmViews views,
            CurrentCaller caller) {
        this.catalog = catalog;
        this.operations = operations;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Path("model/new")
    @Operation(summary = "LiteLLM /model/new {model_name, litellm_params, model_info}")
    public ObjectNode create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String alias = b.requiredText("model_name");
        JsonBody params = JsonBody.of(b.node().has("litellm_params") ? b.node().get("litellm_params")
                : views.object());
        JsonBody info = JsonBody.of(b.node().has("model_info") && b.node().get("model_info").isObject()
                ? b.node().get("model_info") : views.object());
        ModelFields model = modelFields(Settable.of(alias), params, info);
        DeploymentFields deployment = deploymentFields(params, info, true);
        b.throwIfInvalid();
        params.throwIfInvalid();
        info.throwIfInvalid();
        LiteLlmOperations.Deployed deployed = operations.newDeployment(caller.get(), model, deployment);
        return views.deployment(deployed.model(), deployed.deployment());
    }

    @POST
    @Path("model/update")
    @Operation(summary = "LiteLLM /model/update {model_info: {id}, litellm_params, …}")
    public ObjectNode update(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        JsonBody info = JsonBody.of(b.node().has("model_info") ? b.node().get("model_info") : views.object());
        String id = info.requiredText("id");
        JsonBody params = JsonBody.of(b.node().has("litellm_params") && b.node().get("litellm_params").isObject()
                ? b.node().get("litellm_params") : views.object());
        ModelFields model = modelFields(b.text("model_name"), params, info);
        DeploymentFields deployment = deploymentFields(params, info, false);
        b.throwIfInvalid();
        info.throwIfInvalid();
        params.throwIfInvalid();
        LiteLlmOperations.Deployed deployed = operations.updateDeployment(caller.get(), id, model, deployment);
        return views.deployment(deployed.model(), deployed.deployment());
    }

    @POST
    @Path("model/delete")
    @Operation(summary = "LiteLLM /model/delete {id}: the model alias goes away with its last deployment")
    public ObjectNode delete(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("id");
        b.throwIfInvalid();
        operations.deleteDeployment(caller.get(), id);
        ObjectNode answer = views.object();
        answer.put("message", "Model: " + id + " deleted successfully");
        return answer;
    }

    @GET
    @Path("model/info")
    @Operation(summary = "LiteLLM /model/info: one entry per deployment (administrators see disabled models too)")
    public ObjectNode info(@QueryParam("litellm_model_id") String deploymentId) {
        return list(deploymentId);
    }

    @GET
    @Path("v1/model/info")
    @Operation(summary = "LiteLLM /v1/model/info")
    public ObjectNode infoV1(@QueryParam("litellm_model_id") String deploymentId) {
        return list(deploymentId);
    }

    private ObjectNode list(String deploymentId) {
        List<ModelView> models = catalog.list(caller.get());
        ArrayNode data = views.object().arrayNode();
        for (ModelView m : models) {
            if (m.deployments() == null) {
                data.add(views.catalogEntry(m));
                continue;
            }
            m.deployments().stream().filter(d -> deploymentId == null || d.id().equals(deploymentId))
                    .forEach(d -> data.add(views.deployment(m, d)));
        }
        ObjectNode answer = views.object();
        answer.set("data", data);
        return answer;
    }

    private static ModelFields modelFields(Settable<String> alias, JsonBody params, JsonBody info) {
        String mode = info.text("mode").value();
        Settable<List<String>> capabilities = info.strings("capabilities");
        if (!capabilities.present() && mode != null) {
            capabilities = Settable.of(switch (mode) {
                case "embedding" -> List.of("embeddings");
                case "completion" -> List.of("completions");
                default -> List.of("chat", "completions");
            });
        }
        Settable<Integer> context = info.integer("max_input_tokens");
        if (!context.present()) {
            context = info.integer("max_tokens");
        }
        return new ModelFields(alias, info.text("description"), capabilities, context,
                perMillion(info.decimal("input_cost_per_token"), params.decimal("input_cost_per_token")),
                perMillion(info.decimal("output_cost_per_token"), params.decimal("output_cost_per_token")),
                info.bool("restricted"), info.bool("enabled"), Settable.absent(), Settable.absent());
    }

    private static Settable<BigDecimal> perMillion(Settable<BigDecimal> fromInfo, Settable<BigDecimal> fromParams) {
        Settable<BigDecimal> chosen = fromInfo.present() ? fromInfo : fromParams;
        if (!chosen.present() || chosen.value() == null) {
            return chosen;
        }
        return Settable.of(chosen.value().multiply(PER_MILLION).stripTrailingZeros());
    }

    private static DeploymentFields deploymentFields(JsonBody params, JsonBody info, boolean creating) {
        Settable<String> model = params.text("model");
        Settable<String> backend = Settable.absent();
        Settable<String> upstream = Settable.absent();
        if (model.present()) {
            String value = model.value();
            if (value == null || !value.contains("/")) {
                params.problems().add("litellm_params.model", "must be provider/model, e.g. ollama/llama3:8b");
            } else {
                String provider = value.substring(0, value.indexOf('/'));
                backend = Settable.of(switch (provider) {
                    case "ollama", "ollama_chat" -> "ollama";
                    case "mock" -> "mock";
                    default -> "openai";
                });
                upstream = Settable.of(value.substring(value.indexOf('/') + 1));
            }
        } else if (creating) {
            params.problems().add("litellm_params.model", "is required");
        }
        Settable<String> apiBase = params.text("api_base");
        if (creating && !apiBase.present() && backend.present() && "mock".equals(backend.value())) {
            apiBase = Settable.of("mock://" + upstream.value());
        }
        Settable<BigDecimal> timeout = params.decimal("timeout");
        Settable<Integer> timeoutMs = timeout.present() && timeout.value() != null
                ? Settable.of(timeout.value().multiply(BigDecimal.valueOf(1000)).intValue())
                : timeout.present() ? Settable.of(null) : Settable.absent();
        Settable<String> id = creating ? info.text("id") : Settable.absent();
        if (id.present() && id.value() == null) {
            id = Settable.absent();
        }
        if (params.has("api_key") && params.node().get("api_key").isTextual()
                && params.node().get("api_key").asText().startsWith("os.environ/")) {
            String name = params.node().get("api_key").asText().substring("os.environ/".length());
            String value = System.getenv(name);
            if (value == null) {
                throw Problems.single("litellm_params.api_key", "environment variable " + name + " is not set");
            }
            return new DeploymentFields(id, backend, apiBase, upstream, params.integer("weight"), params.count("rpm"),
                    params.count("tpm"), Settable.absent(), timeoutMs, Settable.absent(), Settable.of(value));
        }
        return new DeploymentFields(id, backend, apiBase, upstream, params.integer("weight"), params.count("rpm"),
                params.count("tpm"), Settable.absent(), timeoutMs, Settable.absent(), params.text("api_key"));
    }
}
