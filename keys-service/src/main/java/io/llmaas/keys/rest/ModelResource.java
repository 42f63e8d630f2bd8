package io.llmaas.keys.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.keys.client.BackendProbe;
import io.llmaas.keys.rest.dto.DeploymentView;
import io.llmaas.keys.rest.dto.ModelView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.CatalogService;
import io.llmaas.keys.service.DeploymentFields;
import io.llmaas.keys.service.Problems;

@Path("/api")
@Tag(name = "Models and deployments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final CatalogService catalog;
    private final CurrentCaller caller;

    public ModelResource(CatalogService catalog, CurrentCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    @Path("/models")
    @Operation(summary = "The catalog (enabled models for users; everything with deployments for administrators)")
    public List<ModelView> list() {
        return catalog.list(caller.get());
    }

    @POST
    @Path("/models")
    @Operation(summary = "Create a model", description = "Body: alias, description, capabilities, contextWindow, "
            + "inputPricePer1M, outputPricePer1M, restricted, enabled, fallbacks, strategy, deployments: [deployment]")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.model(b);
        List<DeploymentFields> deployments = new ArrayList<>();
        JsonNode list = b.node().get("deployments");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw Problems.single("deployments", "must be an array");
            }
            for (JsonNode item : list) {
                JsonBody d = JsonBody.of(item);
                deployments.add(NativeFields.deployment(d));
                d.throwIfInvalid();
            }
        }
        b.throwIfInvalid();
        return Response.status(201).entity(catalog.createModel(caller.get(), fields, deployments)).build();
    }

    @GET
    @Path("/models/{alias}")
    @Operation(summary = "Get a model")
    public ModelView get(@PathParam("alias") String alias) {
        return catalog.get(caller.get(), alias);
    }

    @PATCH
    @Path("/models/{alias}")
    @Operation(summary = "Change a model", description = "Making it restricted moves its active subscriptions to "
            + "pending.")
    public ModelView update(@PathParam("alias") String alias, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.model(b);
        b.throwIfInvalid();
        return catalog.updateModel(caller.get(), alias, fields);
    }

    @DELETE
    @Path("/models/{alias}")
    @Operation(summary = "Delete a model with its deployments and subscriptions")
    public Response delete(@PathParam("alias") String alias) {
        catalog.deleteModel(caller.get(), alias);
        return Response.noContent().build();
    }

    @POST
    @Path("/models/{alias}/deployments")
    @Operation(summary = "Add a deployment", description = "Body: id (optional), backend (openai|ollama|mock), "
            + "baseUrl, upstreamModel, weight, rpmLimit, tpmLimit, connectTimeoutMs, firstByteTimeoutMs, "
            + "idleTimeoutMs, apiKey (write-only, stored encrypted)")
    public Response addDeployment(@PathParam("alias") String alias, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.deployment(b);
        b.throwIfInvalid();
        return Response.status(201).entity(catalog.addDeployment(caller.get(), alias, fields)).build();
    }

    @PATCH
    @Path("/deployments/{id}")
    @Operation(summary = "Change a deployment", description = "apiKey: a string replaces it, null removes it.")
    public DeploymentView updateDeployment(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.deployment(b);
        b.throwIfInvalid();
        return catalog.updateDeployment(caller.get(), id, fields);
    }

    @DELETE
    @Path("/deployments/{id}")
    @Operation(summary = "Delete a deployment")
    public Response deleteDeployment(@PathParam("id") String id) {
        catalog.deleteDeployment(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/deployments/{id}/test")
    @Operation(summary = "Test connection: one request to the backend's model list")
    public BackendProbe.Result test(@PathParam("id") String id) {
        return catalog.testConnection(caller.get(), id);
    }
}
