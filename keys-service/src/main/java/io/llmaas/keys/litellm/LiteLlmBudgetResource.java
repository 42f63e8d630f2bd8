package io.llmaas.keys.litellm;

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
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.Problems;

/**
 * LiteLLM's reusable budget objects: {@code /budget/new}, {@code /budget/info}, {@code /budget/update},
 * {@code /budget/delete}.
 */
@Path("/budget")
@Tag(name = "LiteLLM-compatible: budgets")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmBudgetResource {

    private final BudgetAdmin budgets;
    private final LiteLlmViews views;
    private final CurrentCaller caller;

    public LiteLlmBudgetResource(BudgetAdmin budgets, LiteLlmViews views, CurrentCaller caller) {
        this.budgets = budgets;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Path("/new")
    @Operation(summary = "LiteLLM /budget/new {budget_id, max_budget, soft_budget, budget_duration, …}")
    public ObjectNode create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.text("budget_id").value();
        BudgetAdmin.Fields fields = fields(b);
        b.throwIfInvalid();
        return budget(budgets.create(caller.get(), id, fields));
    }

    @POST
    @Path("/update")
    @Operation(summary = "LiteLLM /budget/update {budget_id, …}: an explicit null clears")
    public ObjectNode update(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("budget_id");
        BudgetAdmin.Fields fields = fields(b);
        b.throwIfInvalid();
        return budget(budgets.update(caller.get(), id, fields));
    }

    @POST
    @Path("/delete")
    @Operation(summary = "LiteLLM /budget/delete {id}: 409 while a key, user, team or subscription uses it")
    public ObjectNode delete(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("id");
        b.throwIfInvalid();
        budgets.delete(caller.get(), id);
        ObjectNode answer = views.object();
        answer.put("budget_id", id);
        answer.put("deleted", true);
        return answer;
    }

    @POST
    @Path("/info")
    @Operation(summary = "LiteLLM /budget/info {budgets: [ids]}: a list of budget objects")
    public ArrayNode info(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        List<String> ids = b.strings("budgets").or(null);
        b.throwIfInvalid();
        if (ids == null || ids.isEmpty()) {
            throw Problems.single("budgets", "must list at least one budget id");
        }
        return list(ids);
    }

    @GET
    @Path("/info")
    @Operation(summary = "/budget/info?budget_id= (as LiteMaaS calls it): the budget object")
    public ObjectNode infoById(@QueryParam("budget_id") String id) {
        if (id == null) {
            throw Problems.single("budget_id", "is required");
        }
        return (ObjectNode) list(List.of(id)).get(0);
    }

    @GET
    @Path("/list")
    @Operation(summary = "Every reusable budget")
    public ArrayNode all() {
        return list(List.of());
    }

    private ArrayNode list(List<String> ids) {
        ArrayNode out = views.object().arrayNode();
        budgets.get(caller.get(), ids).forEach(budget -> out.add(budget(budget)));
        return out;
    }

    private ObjectNode budget(BudgetAdmin.SharedBudget b) {
        ObjectNode o = views.object();
        o.put("budget_id", b.budgetId());
        o.put("max_budget", b.maxBudget());
        o.put("soft_budget", b.softBudget());
        o.put("budget_duration", b.budgetDuration());
        o.set("budget_thresholds", o.pojoNode(b.thresholds()));
        o.put("rpm_limit", b.rpmLimit());
        o.put("tpm_limit", b.tpmLimit());
        o.put("max_parallel_requests", b.maxParallel());
        o.put("created_at", b.createdAt().toString());
        o.put("updated_at", b.updatedAt().toString());
        return o;
    }

    static BudgetAdmin.Fields fields(JsonBody b) {
        return new BudgetAdmin.Fields(b.decimal("max_budget"), b.decimal("soft_budget"), b.text("budget_duration"),
                b.integers("budget_thresholds"), b.count("rpm_limit"), b.count("tpm_limit"),
                b.integer("max_parallel_requests"));
    }
}
