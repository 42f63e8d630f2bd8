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
import io.llmaas.keys.rest.dto.CreatedKey;
import io.llmaas.keys.rest.dto.UserView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.BudgetSpec;
import io.llmaas.keys.service.KeyFields;
import io.llmaas.keys.service.KeyService;
import io.llmaas.keys.service.LiteLlmOperations;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.Settable;
import io.llmaas.keys.service.TeamService;
import io.llmaas.keys.service.UserFields;
import io.llmaas.keys.service.UserService;

/** LiteLLM's {@code /user/*} endpoints, with LiteLLM's field names. */
@Path("/user")
@Tag(name = "LiteLLM-compatible: users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmUserResource {

    private final UserService users;
    private final TeamService teams;
    private final KeyService keys;
    private final LiteLlmOperations operations;
    private final LiteLlmViews views;
    private final CurrentCaller caller;

    public LiteLlmUserResource(UserService users, TeamService teams, KeyService keys, LiteLlmOperations operations,
            LiteLlmViews views, CurrentCaller caller) {
        this.users = users;
        this.teams = teams;
        this.keys = keys;
        this.operations = operations;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Path("/new")
    @Operation(summary = "LiteLLM /user/new: creates the user, adds it to teams, and (auto_create_key, default true "
            + "as in LiteLLM) a key for it, in one transaction")
    public ObjectNode create(JsonNode body) {
        JsonBody b = JsonBody.of(body == null || body.isNull() ? views.object() : body);
        String id = b.text("user_id").value();
        var fields = LiteLlmFields.user(b);
        List<String> teamIds = b.strings("teams").or(null);
        boolean autoKey = b.bool("auto_create_key").or(Boolean.TRUE) != Boolean.FALSE;
        KeyFields keyFields = new KeyFields(b.text("key_alias"), Settable.absent(), Settable.absent(),
                Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                Settable.absent(), Settable.absent(), Settable.absent(), Settable.absent(),
                BudgetSpec.NONE);
        b.throwIfInvalid();
        LiteLlmOperations.NewUser created = operations.newUser(caller.get(), id, fields, teamIds, autoKey, keyFields);
        ObjectNode answer = views.user(created.user());
        CreatedKey key = created.key();
        answer.put("key", key == null ? null : key.key());
        answer.put("token", key == null ? null : key.info().tokenHash());
        answer.put("expires", key == null || key.info().expiresAt() == null ? null
                : key.info().expiresAt().toString());
        return answer;
    }

    @GET
    @Path("/info")
    @Operation(summary = "LiteLLM /user/info?user_id=: the user, its keys and its teams")
    public ObjectNode info(@QueryParam("user_id") String userId) {
        Caller who = caller.get();
        String id = userId != null ? userId : who.userId();
        if (id == null) {
            throw Problems.single("user_id", "is required");
        }
        UserView user = users.get(who, id);
        ObjectNode answer = views.object();
        answer.put("user_id", user.id());
        answer.set("user_info", views.user(user));
        ArrayNode keyList = answer.putArray("keys");
        keys.list(who, id, null, null, 0, 500).forEach(k -> keyList.add(views.key(k)));
        ArrayNode teamList = answer.putArray("teams");
        user.teams().forEach(t -> teamList.add(views.team(teams.get(who, t.teamId()))));
        return answer;
    }

    @POST
    @Path("/update")
    @Operation(summary = "LiteLLM /user/update {user_id or user_email, …}: an explicit null clears a limit")
    public ObjectNode update(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String id = b.text("user_id").value();
        String email = b.text("user_email").value();
        var fields = LiteLlmFields.user(b);
        b.throwIfInvalid();
        if (id == null) {
            if (email == null) {
                throw Problems.single("user_id", "give user_id or user_email");
            }
            id = operations.userIdByEmail(caller.get(), email);
            fields = new UserFields(fields.externalId(), Settable.absent(),
                    fields.displayName(), fields.role(), fields.models(), fields.rpmLimit(), fields.tpmLimit(),
                    fields.maxParallel(), fields.metadata(), fields.budget());
        }
        return views.user(users.update(caller.get(), id, fields));
    }

    @POST
    @Path("/delete")
    @Operation(summary = "LiteLLM /user/delete {user_ids}: all or nothing, with their keys")
    public ObjectNode delete(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        List<String> ids = b.strings("user_ids").or(null);
        b.throwIfInvalid();
        if (ids == null || ids.isEmpty()) {
            throw Problems.single("user_ids", "must list at least one user");
        }
        users.deleteAll(caller.get(), ids);
        ObjectNode answer = views.object();
        ArrayNode deleted = answer.putArray("deleted_users");
        ids.forEach(deleted::add);
        return answer;
    }
}
