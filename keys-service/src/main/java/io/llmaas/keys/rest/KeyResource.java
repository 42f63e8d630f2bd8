package io.llmaas.keys.rest;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.keys.rest.dto.CreatedKey;
import io.llmaas.keys.rest.dto.KeyView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.BudgetStatus;
import io.llmaas.keys.service.KeyFields;
import io.llmaas.keys.service.KeyService;

@Path("/api/keys")
@Tag(name = "Virtual keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private final KeyService keys;
    private final BudgetAdmin budgets;
    private final CurrentCaller caller;

    public KeyResource(KeyService keys, BudgetAdmin budgets, CurrentCaller caller) {
        this.budgets = budgets;
        this.keys = keys;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List keys", description = "Filters: userId, teamId, alias. Users see their own keys.")
    public List<KeyView> list(@QueryParam("userId") String userId, @QueryParam("teamId") String teamId,
            @QueryParam("alias") String alias, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return keys.list(caller.get(), userId, teamId, alias, NativeFields.page(page), NativeFields.size(size));
    }

    @POST
    @Operation(summary = "Create a key: the secret is in this answer and never again",
            description = "Body: alias, userId (default: the caller), teamId, models, rpmLimit, tpmLimit, "
                    + "maxParallel, modelRpmLimit, modelTpmLimit, expiresAt, blocked, metadata, budget fields")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        KeyFields fields = NativeFields.key(b);
        b.throwIfInvalid();
        return Response.status(201).entity(keys.create(caller.get(), fields)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a key (never its secret)")
    public KeyView get(@PathParam("id") String id) {
        return keys.get(caller.get(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a key", description = "Absent fields stay, null clears (limits, expiry, budget).")
    public KeyView update(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        KeyFields fields = NativeFields.key(b);
        b.throwIfInvalid();
        return keys.update(caller.get(), id, fields);
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(summary = "Rotate: a new secret; the old one stays valid for gracePeriodSeconds (default 0)")
    public CreatedKey rotate(@PathParam("id") String id, JsonNode body) {
        long grace = 0;
        if (body != null && !body.isNull()) {
            JsonBody b = JsonBody.of(body);
            grace = b.count("gracePeriodSeconds").or(0L);
            b.throwIfInvalid();
        }
        return keys.rotate(caller.get(), id, Duration.ofSeconds(grace), KeyFields.none());
    }

    @POST
    @Path("/{id}/block")
    @Operation(summary = "Block a key: every gateway refuses it within 2 s")
    public KeyView block(@PathParam("id") String id) {
        return keys.setBlocked(caller.get(), id, true);
    }

    @POST
    @Path("/{id}/unblock")
    @Operation(summary = "Unblock a key")
    public KeyView unblock(@PathParam("id") String id) {
        return keys.setBlocked(caller.get(), id, false);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a key")
    public Response delete(@PathParam("id") String id) {
        keys.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/spend")
    @Operation(summary = "Set (0: reset) the spend in the current budget period (administrators)",
            description = "Body: {spend: 0, reason}. Recorded as an adjustment: the ledger totals never change.")
    public BudgetStatus setSpend(@PathParam("id") String id, JsonNode body) {
        return SpendBody.apply(budgets, caller.get(), "key", id, body);
    }
}
