package io.llmaas.keys.litellm;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.keys.rest.JsonBody;
import io.llmaas.keys.rest.dto.CreatedKey;
import io.llmaas.keys.rest.dto.KeyView;
import io.llmaas.keys.security.Caller;
import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.KeyFields;
import io.llmaas.keys.service.KeyService;
import io.llmaas.keys.service.LiteLlmOperations;
import io.llmaas.keys.service.Problems;

/** LiteLLM's {@code /key/*} endpoints, with LiteLLM's field names. */
@Path("/key")
@Tag(name = "LiteLLM-compatible: keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmKeyResource {

    private final KeyService keys;
    private final LiteLlmOperations operations;
    private final LiteLlmViews views;
    private final CurrentCaller caller;
    private final Clock clock;

    public LiteLlmKeyResource(KeyService keys, LiteLlmOperations operations, LiteLlmViews views,
            CurrentCaller caller, Clock clock) {
        this.keys = keys;
        this.operations = operations;
        this.views = views;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Path("/generate")
    @Operation(summary = "LiteLLM /key/generate: the answer's key is the secret, shown this once")
    public ObjectNode generate(JsonNode body) {
        JsonBody b = JsonBody.of(body == null || body.isNull() ? views.object() : body);
        LiteLlmFields.rejectCustomKey(b);
        KeyFields fields = LiteLlmFields.key(b, clock);
        b.throwIfInvalid();
        CreatedKey created = keys.create(caller.get(), fields);
        return views.generated(created.key(), created.info());
    }

    @GET
    @Path("/info")
    @Operation(summary = "LiteLLM /key/info?key= (the secret, its hash, or our key id; no key: the calling key)",
            description = "The answer's key is the hash (LiteLLM's token), never the secret.")
    public ObjectNode info(@QueryParam("key") String key) {
        Caller who = caller.get();
        String keyId;
        if (key == null) {
            if (who.keyId() == null) {
                throw ApiException.badRequest("key", "key is required when not calling with a virtual key");
            }
            keyId = who.keyId();
        } else {
            keyId = keys.resolve(key);
        }
        KeyView view = keys.get(who, keyId);
        ObjectNode answer = views.object();
        // LiteLLM echoes the key it was asked about; a secret is never shown again, so this echoes its hash.
        answer.put("key", view.tokenHash());
        answer.set("info", views.key(view));
        return answer;
    }

    @POST
    @Path("/update")
    @Operation(summary = "LiteLLM /key/update: absent fields stay, an explicit null clears a limit")
    public ObjectNode update(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String key = b.requiredText("key");
        KeyFields fields = LiteLlmFields.key(b, clock);
        BigDecimal spend = b.decimal("spend").value();
        if (spend != null && spend.signum() < 0) {
            b.problems().add("spend", "must be >= 0");
        }
        b.throwIfInvalid();
        return views.key(operations.updateKey(caller.get(), keys.resolve(key), fields, spend));
    }

    @POST
    @Path("/delete")
    @Operation(summary = "LiteLLM /key/delete {keys, key_aliases}: all or nothing")
    public ObjectNode delete(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        List<String> refs = b.strings("keys").or(null);
        List<String> aliases = b.strings("key_aliases").or(null);
        b.throwIfInvalid();
        if ((refs == null || refs.isEmpty()) && (aliases == null || aliases.isEmpty())) {
            throw Problems.single("keys", "give keys or key_aliases");
        }
        Caller who = caller.get();
        List<String> ids = new ArrayList<>();
        if (refs != null) {
            refs.forEach(ref -> ids.add(keys.resolve(ref)));
        }
        if (aliases != null) {
            for (String alias : aliases) {
                List<KeyView> found = keys.list(who, null, null, alias, 0, 1);
                if (found.isEmpty()) {
                    throw ApiException.notFound("Key alias", alias);
                }
                ids.add(found.get(0).id());
            }
        }
        keys.deleteAll(who, ids);
        ObjectNode answer = views.object();
        ArrayNode deleted = answer.putArray("deleted_keys");
        if (refs != null) {
            refs.forEach(deleted::add);
        }
        if (aliases != null) {
            aliases.forEach(deleted::add);
        }
        return answer;
    }

    @POST
    @Path("/regenerate")
    @Operation(summary = "LiteLLM /key/regenerate {key, grace_period, …}: a new secret; the old one works for "
            + "grace_period (e.g. 24h), by default not at all")
    public ObjectNode regenerate(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String key = b.requiredText("key");
        return regenerate(key, b);
    }

    @POST
    @Path("/{key}/regenerate")
    @Operation(summary = "LiteLLM /key/{key}/regenerate")
    public ObjectNode regenerateByPath(@PathParam("key") String key, JsonNode body) {
        return regenerate(key, JsonBody.of(body == null || body.isNull() ? views.object() : body));
    }

    @POST
    @Path("/block")
    @Operation(summary = "LiteLLM /key/block {key}")
    public ObjectNode block(JsonNode body) {
        return views.key(keys.setBlocked(caller.get(), keys.resolve(requiredKey(body)), true));
    }

    @POST
    @Path("/unblock")
    @Operation(summary = "LiteLLM /key/unblock {key}")
    public ObjectNode unblock(JsonNode body) {
        return views.key(keys.setBlocked(caller.get(), keys.resolve(requiredKey(body)), false));
    }

    @GET
    @Path("/list")
    @Operation(summary = "LiteLLM /key/list: page (from 1), size, user_id, team_id, key_alias, return_full_object")
    public ObjectNode list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("user_id") String userId, @QueryParam("team_id") String teamId,
            @QueryParam("key_alias") String alias, @QueryParam("return_full_object") boolean full) {
        int pageNumber = page == null ? 1 : Math.max(1, page);
        int pageSize = size == null ? 10 : Math.max(1, Math.min(size, 100));
        Caller who = caller.get();
        KeyService.KeyPage found = keys.page(who, userId, teamId, alias, pageNumber - 1, pageSize);
        long total = found.total();
        ObjectNode answer = views.object();
        ArrayNode list = answer.putArray("keys");
        found.keys().forEach(k -> {
            if (full) {
                list.add(views.key(k));
            } else {
                list.add(k.tokenHash());
            }
        });
        answer.put("total_count", total);
        answer.put("current_page", pageNumber);
        answer.put("total_pages", (total + pageSize - 1) / pageSize);
        return answer;
    }

    private ObjectNode regenerate(String key, JsonBody b) {
        Duration grace = Duration.ZERO;
        String gracePeriod = b.text("grace_period").value();
        if (gracePeriod != null) {
            grace = LiteLlmFields.duration(b, "grace_period", gracePeriod);
        }
        KeyFields fields = LiteLlmFields.key(b, clock);
        if (b.has("new_key") && !b.node().get("new_key").isNull()) {
            b.problems().add("new_key", "custom key values are not accepted: keys are generated from a CSPRNG");
        }
        b.throwIfInvalid();
        CreatedKey created = keys.rotate(caller.get(), keys.resolve(key), grace, fields);
        return views.generated(created.key(), created.info());
    }

    private static String requiredKey(JsonNode body) {
        JsonBody b = JsonBody.of(body);
        String key = b.requiredText("key");
        b.throwIfInvalid();
        return key;
    }
}
