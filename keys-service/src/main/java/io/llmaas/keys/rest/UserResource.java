package io.llmaas.keys.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.keys.rest.dto.UserView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.BudgetStatus;
import io.llmaas.keys.service.UserService;

@Path("/api/users")
@Tag(name = "Users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final BudgetAdmin budgets;
    private final CurrentCaller caller;

    public UserResource(UserService users, BudgetAdmin budgets, CurrentCaller caller) {
        this.budgets = budgets;
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List users (administrators)")
    public List<UserView> list(@QueryParam("role") String role, @QueryParam("email") String email,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return users.list(caller.get(), role, email, NativeFields.page(page), NativeFields.size(size));
    }

    @POST
    @Operation(summary = "Create a user", description = "Body: id (optional), externalId, email, displayName, role "
            + "(admin|admin-readonly|user), models, rpmLimit, tpmLimit, maxParallel, metadata, maxBudget, softBudget, "
            + "budgetDuration, budgetThresholds, budgetId")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.text("id").value();
        var fields = NativeFields.user(b);
        b.throwIfInvalid();
        return Response.status(201).entity(users.create(caller.get(), id, fields)).build();
    }

    /** The portal calls this at every login with the role it computed from the user's groups. */
    @PUT
    @Path("/by-external-id")
    @Operation(summary = "Create or refresh a user by external identity (portal login)",
            description = "Body: externalId (required), email, displayName, role. 201 when created, 200 otherwise.")
    public Response upsert(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String externalId = b.requiredText("externalId");
        String email = b.text("email").value();
        String displayName = b.text("displayName").value();
        String role = b.text("role").value();
        b.throwIfInvalid();
        UserService.LoginResult result = users.upsertByExternalId(caller.get(), externalId, email, displayName, role);
        return Response.status(result.created() ? 201 : 200).entity(result.user()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a user (administrators, or the user itself)")
    public UserView get(@PathParam("id") String id) {
        return users.get(caller.get(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user", description = "Fields as for create; absent fields stay, null clears.")
    public UserView update(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.user(b);
        b.throwIfInvalid();
        return users.update(caller.get(), id, fields);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a user with its keys and subscriptions")
    public Response delete(@PathParam("id") String id) {
        users.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/spend")
    @Operation(summary = "Set (0: reset) the spend in the current budget period (administrators)",
            description = "Body: {spend: 0, reason}. Recorded as an adjustment: the ledger totals never change.")
    public BudgetStatus setSpend(@PathParam("id") String id, JsonNode body) {
        return SpendBody.apply(budgets, caller.get(), "user", id, body);
    }
}
