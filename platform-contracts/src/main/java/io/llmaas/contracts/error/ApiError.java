package io.llmaas.contracts.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one JSON error body every service returns: OpenAI's shape
 * {@code {"error":{"message":…,"type":…,"param":…,"code":…}}}, so the OpenAI SDKs, LiteLLM clients and our own portal
 * read every error the same way. {@code fields} lists per-field problems of a rejected request body.
 */
@RegisterForReflection
public record ApiError(Body error) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> fields) {
    }

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    public static ApiError of(String message, String type, String param, String code) {
        return new ApiError(new Body(message, type, param, code, List.of()));
    }

    public static ApiError of(String message, String type, String param, String code, List<FieldError> fields) {
        return new ApiError(new Body(message, type, param, code, fields));
    }
}
