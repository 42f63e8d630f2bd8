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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.keys.rest.dto.TeamView;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.BudgetStatus;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.TeamService;

@Path("/api/teams")
@Tag(name = "Teams")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final TeamService teams;
    private final BudgetAdmin budgets;
    private final CurrentCaller caller;

    public TeamResource(TeamService teams, BudgetAdmin budgets, CurrentCaller caller) {
        this.budgets = budgets;
        this.teams = teams;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List teams (all for administrators; ?userId= for a user's teams)")
    public List<TeamView> list(@QueryParam("userId") String userId, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return teams.list(caller.get(), userId, NativeFields.page(page), NativeFields.size(size));
    }

    @POST
    @Operation(summary = "Create a team", description = "Body: id (optional), alias, models, rpmLimit, tpmLimit, "
            + "maxParallel, blocked, metadata, budget fields, members: [{userId, role: admin|member|viewer}]")
    public Response create(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.text("id").value();
        var fields = NativeFields.team(b);
        List<TeamService.NewMember> members = members(b.node().get("members"));
        b.throwIfInvalid();
        return Response.status(201).entity(teams.create(caller.get(), id, fields, members)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a team with its members")
    public TeamView get(@PathParam("id") String id) {
        return teams.get(caller.get(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a team", description = "Absent fields stay, null clears.")
    public TeamView update(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        var fields = NativeFields.team(b);
        b.throwIfInvalid();
        return teams.update(caller.get(), id, fields);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a team with its team keys and subscriptions")
    public Response delete(@PathParam("id") String id) {
        teams.delete(caller.get(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/members")
    @Operation(summary = "Add a member or change its role",
            description = "Body: userId or externalId (the user's login name), role (admin|member|viewer)")
    public TeamView addMember(@PathParam("id") String id, JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String userId = b.text("userId").value();
        String externalId = b.text("externalId").value();
        String role = b.text("role").or("member");
        b.throwIfInvalid();
        return teams.addMember(caller.get(), id, new TeamService.NewMember(teams.memberId(userId, externalId), role));
    }

    @DELETE
    @Path("/{id}/members/{userId}")
    @Operation(summary = "Remove a member")
    public TeamView removeMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        return teams.removeMember(caller.get(), id, userId);
    }

    private static List<TeamService.NewMember> members(JsonNode node) {
        List<TeamService.NewMember> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw Problems.single("members", "must be an array of {userId, role}");
        }
        for (JsonNode member : node) {
            out.add(new TeamService.NewMember(member.path("userId").asText(null),
                    member.path("role").asText("member")));
        }
        return out;
    }

    @POST
    @Path("/{id}/spend")
    @Operation(summary = "Set (0: reset) the spend in the current budget period (administrators)",
            description = "Body: {spend: 0, reason}. Recorded as an adjustment: the ledger totals never change.")
    public BudgetStatus setSpend(@PathParam("id") String id, JsonNode body) {
        return SpendBody.apply(budgets, caller.get(), "team", id, body);
    }
}
