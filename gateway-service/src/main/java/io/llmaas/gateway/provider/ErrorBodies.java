package io.llmaas.gateway.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.api.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Reads a model server's error body into our error shape, whatever dialect it speaks: OpenAI's
 * {@code {"error":{"message",…}}}, Ollama's {@code {"error":"…"}}, vLLM's {@code {"message",…}}, FastAPI's
 * {@code {"detail":…}}, or plain text.
 */
final class ErrorBodies {

    private static final int MAX_TEXT = 500;

    private ErrorBodies() {
    }

    static ApiError parse(int status, Buffer body) {
        String defaultType = typeFor(status).wireName();
        JsonNode json = readJson(body);
        if (json != null && json.isObject()) {
            JsonNode error = json.get("error");
            if (error != null && error.isObject()) {
                return ApiError.of(text(error.get("message"), "The model server answered " + status),
                        text(error.get("type"), defaultType), text(error.get("param"), null),
                        text(error.get("code"), null));
            }
            String message = text(error, text(json.get("message"), text(json.get("detail"), null)));
            if (message != null) {
                return ApiError.of(message, defaultType, null, null);
            }
        }
        String raw = body.toString(StandardCharsets.UTF_8).strip();
        String message = raw.isEmpty() ? "The model server answered " + status
                : raw.length() > MAX_TEXT ? raw.substring(0, MAX_TEXT) + "…" : raw;
        return ApiError.of(message, defaultType, null, null);
    }

    private static ErrorType typeFor(int status) {
        return switch (status) {
            case 401 -> ErrorType.AUTHENTICATION;
            case 403 -> ErrorType.PERMISSION;
            case 404 -> ErrorType.NOT_FOUND;
            case 409 -> ErrorType.CONFLICT;
            case 429 -> ErrorType.RATE_LIMIT;
            default -> status >= 500 ? ErrorType.BAD_GATEWAY : ErrorType.INVALID_REQUEST;
        };
    }

    private static JsonNode readJson(Buffer body) {
        if (body.length() == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(Json.array(body), 0, body.length());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String fallback) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return fallback;
        }
        return node.asText();
    }
}
