package io.llmaas.gateway.api;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.auth.ModelAccess;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.routing.ModelCatalog;
import io.llmaas.gateway.routing.ModelGroup;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape, limited to the models the key may call.
 * The list is rendered once per catalog version and key (kept with the key's cached principal), not per request.
 */
@ApplicationScoped
public class ModelList {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final String OWNER = "llmaas";

    private final ModelCatalog catalog;
    private final ModelAccess access;
    private volatile Rendered rendered;

    /** The list as rendered for one catalog version. */
    private record Rendered(ModelCatalog.Snapshot snapshot, Buffer json) {
    }

    ModelList(ModelCatalog catalog, ModelAccess access) {
        this.catalog = catalog;
        this.access = access;
    }

    /** Exactly the models the key may call (all of them for the master key). */
    public Future<Void> writeAll(Exchange exchange) {
        ModelCatalog.Snapshot snapshot = catalog.snapshot();
        Principal principal = exchange.principal();
        Rendered current = principal.master() ? rendered : (Rendered) principal.modelsCache();
        if (current == null || current.snapshot() != snapshot) {
            current = new Rendered(snapshot, render(snapshot, principal));
            if (principal.master()) {
                rendered = current;
            } else {
                principal.modelsCache(current);
            }
        }
        return write(exchange, current.json());
    }

    /** One model the key may call; one it may not see is unknown (404), one it may not call a 403. */
    public Future<Void> writeOne(Exchange exchange, String id) {
        ModelGroup model;
        try {
            model = access.check(exchange.principal(), id, null);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        long created = catalog.snapshot().loadedAt();
        return write(exchange, Json.write(json -> {
            json.writeStartObject();
            writeModel(json, model.alias(), created);
            json.writeEndObject();
        }));
    }

    private static Buffer render(ModelCatalog.Snapshot snapshot, Principal principal) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String alias : snapshot.models().keySet()) {
                if (!principal.mayCall(alias)) {
                    continue;
                }
                json.writeStartObject();
                writeModel(json, alias, snapshot.loadedAt());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void writeModel(JsonGenerator json, String alias, long created) throws IOException {
        json.writeStringField("id", alias);
        json.writeStringField("object", "model");
        json.writeNumberField("created", created);
        json.writeStringField("owned_by", OWNER);
    }

    private static Future<Void> write(Exchange exchange, Buffer json) {
        exchange.status(200);
        return exchange.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(json);
    }
}
