package io.llmaas.keys.litellm;

import java.util.ArrayList;
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
import io.llmaas.keys.rest.dto.TeamView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.KeyService;
import io.llmaas.keys.service.LiteLlmOperations;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.TeamService;

/** LiteLLM's {@code /team/*} endpoints, with LiteLLM's field names (member role {@code user} is our member). */
@Path("/team")
@Tag(name = "LiteLLM-compatible: teams")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmTeamResource {

    private final TeamService teams;
    private final KeyService keys;
    private final LiteLlmOperations operations;
    private final LiteLlmViews views;
    private final CurrentCaller caller;

    public LiteLlmTeamResource(TeamService teams, KeyService keys, LiteLlmOperations operations, LiteLlmViews views,
            CurrentCaller caller) {
        this.teams = teams;
        this.keys = keys;
        this.operations = operations;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Path("/new")
    @Operation(summary = "LiteLLM /team/new: team_id, team_alias, members_with_roles, admins, limits, budget")
    public ObjectNode create(JsonNode body) {
        JsonBody b = JsonBody.of(body == null || body.isNull() ? views.object() : body);
        String id = b.text("team_id").value();
        var fields = LiteLlmFields.team(b);
        List<TeamService.NewMember> members = new ArrayList<>();
        JsonNode withRoles = b.node().get("members_with_roles");
        if (withRoles != null && !withRoles.isNull()) {
            members.addAll(members(withRoles, "members_with_roles"));
        }
        b.strings("admins").or(List.of()).forEach(admin -> members.add(new TeamService.NewMember(admin, "admin")));
        b.throwIfInvalid();
        return views.team(teams.create(caller.get(), id, fields, members));
    }

    @GET
    @Path("/info")
    @Operation(summary = "LiteLLM /team/info?team_id=: the team, its keys and memberships")
    public ObjectNode info(@QueryParam("team_id") String teamId) {
        if (teamId == null) {
            throw Problems.single("team_id", "is required");
        }
        Caller who = caller.get();
        TeamView team = teams.get(who, teamId);
        ObjectNode answer = views.object();
        answer.put("team_id", team.id());
        answer.set("team_info", views.team(team));
        ArrayNode keyList = answer.putArray("keys");
        keys.list(who, null, teamId, null, 0, 500).forEach(k -> keyList.add(views.key(k)));
        ArrayNode memberships = answer.putArray("team_memberships");
        team.members().forEach(m -> memberships.addObject().put("user_id", m.userId()).put("team_id", team.id())
                .put("role", LiteLlmFields.litellmMemberRole(m.role())));
        return answer;
    }

    @POST
    @Path("/update")
    @Operation(summary = "LiteLLM /team/update {team_id, …}: an explicit null clears a limit")
    public ObjectNode update(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("team_id");
        var fields = LiteLlmFields.team(b);
        b.throwIfInvalid();
        TeamView team = teams.update(caller.get(), id, fields);
        ObjectNode answer = views.object();
        answer.put("team_id", team.id());
        answer.set("data", views.team(team));
        return answer;
    }

    @POST
    @Path("/member_add")
    @Operation(summary = "LiteLLM /team/member_add {team_id, member: {role, user_id | user_email} or a list}")
    public ObjectNode memberAdd(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("team_id");
        JsonNode member = b.node().get("member");
        b.throwIfInvalid();
        if (member == null || member.isNull()) {
            throw Problems.single("member", "is required");
        }
        List<TeamService.NewMember> members = members(member.isArray() ? member : List.of(member), "member");
        return views.team(operations.addMembers(caller.get(), id, members));
    }

    @POST
    @Path("/member_delete")
    @Operation(summary = "LiteLLM /team/member_delete {team_id, user_id | user_email}")
    public ObjectNode memberDelete(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.requiredText("team_id");
        String userId = b.text("user_id").value();
        String email = b.text("user_email").value();
        b.throwIfInvalid();
        return views.team(teams.removeMember(caller.get(), id, operations.memberId(userId, email)));
    }

    private List<TeamService.NewMember> members(Iterable<JsonNode> nodes, String field) {
        List<TeamService.NewMember> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (!node.isObject()) {
                throw Problems.single(field, "members are objects {role, user_id | user_email}");
            }
            String userId = operations.memberId(node.path("user_id").asText(null),
                    node.path("user_email").asText(null));
            out.add(new TeamService.NewMember(userId, LiteLlmFields.memberRole(node.path("role").asText(null))));
        }
        return out;
    }
}
