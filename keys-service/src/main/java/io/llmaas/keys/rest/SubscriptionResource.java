package io.llmaas.keys.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
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

import io.llmaas.keys.rest.dto.SubscriptionEventView;
import io.llmaas.keys.rest.dto.SubscriptionView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.BudgetStatus;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.SubscriptionService;
import io.llmaas.keys.service.SubscriptionService.Action;

@Path("/api/subscriptions")
@Tag(name = "Subscriptions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private final SubscriptionService subscriptions;
    private final BudgetAdmin budgets;
    private final CurrentCaller caller;

    public SubscriptionResource(SubscriptionService subscriptions, BudgetAdmin budgets, CurrentCaller caller) {
        this.budgets = budgets;
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List subscriptions", description = "Filters: userId, teamId, model, status")
    public List<SubscriptionView> list(@QueryParam("userId") String userId, @QueryParam("teamId") String teamId,
            @QueryParam("model") String model, @QueryParam("status") String status,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return subscriptions.list(caller.get(), userId, teamId, model, status, NativeFields.page(page),
                NativeFields.size(size));
    }

    @POST
    @Operation(summary = "Subscribe a user or a team to a model",
            description = "Body: userId or teamId, model, reason, budget fields (administrators). Restricted "
                    + "models start pending.")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String userId = b.text("userId").value();
        String teamId = b.text("teamId").value();
        String model = b.requiredText("model");
        String reason = b.text("reason").value();
        var budget = NativeFields.budget(b);
        b.throwIfInvalid();
        return Response.status(201)
                .entity(subscriptions.create(caller.get(), userId, teamId, model, reason, budget)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a subscription")
    public SubscriptionView get(@PathParam("id") String id) {
        return subscriptions.get(caller.get(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a subscription's budget (administrators)")
    public SubscriptionView update(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var budget = NativeFields.budget(b);
        b.throwIfInvalid();
        return subscriptions.updateBudget(caller.get(), id, budget);
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Status history: who, why, when")
    public List<SubscriptionEventView> history(@PathParam("id") String id) {
        return subscriptions.history(caller.get(), id);
    }

    @POST
    @Path("/{id}/{action: approve|deny|suspend|cancel|request-review|revert}")
    @Operation(summary = "Change a subscription's status", description = "approve, deny, suspend, revert: "
            + "administrators; cancel, request-review: the owner too. Body (optional): {reason}")
    public SubscriptionView transition(@PathParam("id") String id, @PathParam("action") String action,
            JsonNode body) {
        return subscriptions.transition(caller.get(), id, action(action), reason(body));
    }

    @POST
    @Path("/bulk/{action: approve|deny}")
    @Operation(summary = "Approve or deny several subscriptions: all or none",
            description = "Body: {ids: [...], reason}")
    public List<SubscriptionView> bulk(@PathParam("action") String action, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        List<String> ids = b.strings("ids").value();
        String reason = b.text("reason").value();
        b.throwIfInvalid();
        return subscriptions.bulk(caller.get(), ids, action(action), reason);
    }

    private static Action action(String path) {
        return Action.valueOf(path.toUpperCase().replace('-', '_'));
    }

    private static String reason(JsonNode body) {
        if (body == null || body.isNull()) {
            return null;
        }
        if (!body.isObject()) {
            throw Problems.single("body", "must be a JSON object");
        }
        JsonBody b = JsonBody.of(body);
        String reason = b.text("reason").value();
        b.throwIfInvalid();
        return reason;
    }

    @POST
    @Path("/{id}/spend")
    @Operation(summary = "Set (0: reset) the spend in the current budget period (administrators)",
            description = "Body: {spend: 0, reason}. Recorded as an adjustment: the ledger totals never change.")
    public BudgetStatus setSpend(@PathParam("id") String id, JsonNode body) {
        return SpendBody.apply(budgets, caller.get(), "subscription", id, body);
    }
}
