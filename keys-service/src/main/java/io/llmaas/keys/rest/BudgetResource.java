package io.llmaas.keys.rest;

import java.time.Instant;
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

import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.SpendLedger;

@Path("/api")
@Tag(name = "Budgets and spend")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    private final BudgetAdmin budgets;
    private final SpendLedger ledger;
    private final CurrentCaller caller;

    public BudgetResource(BudgetAdmin budgets, SpendLedger ledger, CurrentCaller caller) {
        this.budgets = budgets;
        this.ledger = ledger;
        this.caller = caller;
    }

    @GET
    @Path("/budgets")
    @Operation(summary = "Reusable budgets")
    public List<BudgetAdmin.SharedBudget> list() {
        return budgets.get(caller.get(), List.of());
    }

    @POST
    @Path("/budgets")
    @Operation(summary = "Create a reusable budget", description = "Body: id, maxBudget, softBudget, "
            + "budgetDuration (Nh, Nd, Nmo), budgetThresholds (percent)")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.text("id").value();
        BudgetAdmin.Fields fields = fields(b);
        b.throwIfInvalid();
        return Response.status(201).entity(budgets.create(caller.get(), id, fields)).build();
    }

    @GET
    @Path("/budgets/{id}")
    @Operation(summary = "Get a reusable budget")
    public BudgetAdmin.SharedBudget get(@PathParam("id") String id) {
        return budgets.get(caller.get(), List.of(id)).get(0);
    }

    @PATCH
    @Path("/budgets/{id}")
    @Operation(summary = "Change a reusable budget (applies to every holder using it)")
    public BudgetAdmin.SharedBudget update(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        BudgetAdmin.Fields fields = fields(b);
        b.throwIfInvalid();
        return budgets.update(caller.get(), id, fields);
    }

    @DELETE
    @Path("/budgets/{id}")
    @Operation(summary = "Delete a reusable budget (409 while in use)")
    public Response delete(@PathParam("id") String id) {
        budgets.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/spend/adjustments")
    @Operation(summary = "Manual spend adjustments in [from, to): reconciliation reports them next to the ledger")
    public List<SpendLedger.Adjustment> adjustments(@QueryParam("from") String from, @QueryParam("to") String to) {
        return ledger.adjustments(caller.get(), from == null ? null : Instant.parse(from),
                to == null ? null : Instant.parse(to));
    }

    private static BudgetAdmin.Fields fields(JsonBody b) {
        return new BudgetAdmin.Fields(b.decimal("maxBudget"), b.decimal("softBudget"), b.text("budgetDuration"),
                b.integers("budgetThresholds"), b.count("rpmLimit"), b.count("tpmLimit"), b.integer("maxParallel"));
    }
}
