package io.llmaas.gateway.api;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.routing.ModelCatalog;
import io.llmaas.gateway.routing.ModelGroup;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape. The list is rendered once per catalog
 * version, not per request.
 */
@ApplicationScoped
public class ModelList {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final String OWNER = "llmaas";

    private final ModelCatalog catalog;
    private volatile Rendered rendered;

    private record Rendered(ModelCatalog.Snapshot snapshot, Buffer json) {
    }

    ModelList(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public Future<Void> writeAll(Exchange exchange) {
        ModelCatalog.Snapshot snapshot = catalog.snapshot();
        Rendered current = rendered;
        if (current == null || current.snapshot() != snapshot) {
            current = new Rendered(snapshot, render(snapshot));
            rendered = current;
        }
        return write(exchange, current.json());
    }

    public Future<Void> writeOne(Exchange exchange, String id) {
        ModelGroup model = catalog.find(id);
        if (model == null) {
            return Future.failedFuture(new ApiException(ErrorType.NOT_FOUND,
                    "The model '" + id + "' does not exist or you do not have access to it.", "model",
                    "model_not_found"));
        }
        long created = catalog.snapshot().loadedAt();
        return write(exchange, Json.write(json -> {
            json.writeStartObject();
            writeModel(json, model.alias(), created);
            json.writeEndObject();
        }));
    }

    private static Buffer render(ModelCatalog.Snapshot snapshot) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String alias : snapshot.models().keySet()) {
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
