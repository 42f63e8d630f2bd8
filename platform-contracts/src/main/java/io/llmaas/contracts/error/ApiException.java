package io.llmaas.contracts.error;

import java.util.List;

/**
 * An error meant for the caller: thrown anywhere in a service, rendered by {@link ApiExceptionMappers} as an
 * {@link ApiError} with the status of its {@link ErrorType}. Carries no stack trace, since it is an expected outcome.
 */
public class ApiException extends RuntimeException {

    private final ErrorType type;
    private final String param;
    private final String code;
    private final List<ApiError.FieldError> fields;
    private final int status;

    public ApiException(ErrorType type, String message, String param, String code) {
        this(type, type.status(), message, param, code, List.of());
    }

    public ApiException(ErrorType type, int status, String message, String param, String code,
            List<ApiError.FieldError> fields) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.param = param;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public static ApiException badRequest(String param, String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, message, param, "invalid_value");
    }

    public static ApiException invalidFields(List<ApiError.FieldError> fields) {
        String first = fields.isEmpty() ? null : fields.get(0).field();
        String message = fields.isEmpty() ? "Invalid request"
                : "Invalid request: " + fields.stream().map(f -> f.field() + " " + f.message())
                        .reduce((a, b) -> a + "; " + b).orElse("");
        return new ApiException(ErrorType.INVALID_REQUEST, 400, message, first, "invalid_value", fields);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorType.AUTHENTICATION, message, null, "invalid_api_key");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorType.PERMISSION, message, null, "forbidden");
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorType.NOT_FOUND, what + " '" + id + "' not found", null, "not_found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorType.CONFLICT, message, null, "conflict");
    }

    public static ApiException unavailable(String message) {
        return new ApiException(ErrorType.SERVICE_UNAVAILABLE, message, null, "service_unavailable");
    }

    public ErrorType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public List<ApiError.FieldError> fields() {
        return fields;
    }

    public ApiError toApiError() {
        return ApiError.of(getMessage(), type.wireName(), param, code, fields);
    }
}
