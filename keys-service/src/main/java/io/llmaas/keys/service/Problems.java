package io.llmaas.keys.service;

import java.util.ArrayList;
import java.util.List;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;

/** Collects per-field problems of a request so the caller learns all of them at once (400 with {@code fields}). */
public final class Problems {

    private final List<ApiError.FieldError> fields = new ArrayList<>();

    public Problems add(String field, String message) {
        fields.add(new ApiError.FieldError(field, message));
        return this;
    }

    public Problems check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return this;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public void throwIfAny() {
        if (!fields.isEmpty()) {
            throw ApiException.invalidFields(fields);
        }
    }

    public static ApiException single(String field, String message) {
        return ApiException.invalidFields(List.of(new ApiError.FieldError(field, message)));
    }
}
