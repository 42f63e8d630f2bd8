package io.llmaas.admin.client;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;

/**
 * What an error answer of keys- or usage-service becomes in the portal: a refusal of the request (400, 403, 404, 409…)
 * is an {@link ApiException} with the same status and message, a result the page shows; anything else (5xx, 429, our
 * service token refused) is a {@link ServiceFailure}, which circuit breakers count.
 */
final class RemoteErrors {

    private RemoteErrors() {
    }

    static RuntimeException toException(String service, Response response) {
        int status = response.getStatus();
        ApiError.Body body = body(response);
        String message = body != null && body.message() != null ? body.message() : "HTTP " + status;
        if (status >= 500 || status == 401 || status == 408 || status == 429) {
            return new ServiceFailure(service + " answered " + status + ": " + message);
        }
        List<ApiError.FieldError> fields = body == null || body.fields() == null ? List.of() : body.fields();
        return new ApiException(type(status), status, message, body == null ? null : body.param(),
                body == null ? null : body.code(), fields);
    }

    private static ApiError.Body body(Response response) {
        try {
            ApiError error = response.readEntity(ApiError.class);
            return error == null ? null : error.error();
        } catch (RuntimeException notTheSharedShape) {
            return null;
        }
    }

    private static ErrorType type(int status) {
        return switch (status) {
            case 403 -> ErrorType.PERMISSION;
            case 404 -> ErrorType.NOT_FOUND;
            case 409 -> ErrorType.CONFLICT;
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorType.INVALID_REQUEST;
        };
    }
}
