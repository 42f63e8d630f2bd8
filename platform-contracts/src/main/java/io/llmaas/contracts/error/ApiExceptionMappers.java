package io.llmaas.contracts.error;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The REST error mappers every service shares, so that a bad request looks the same whichever service answers it:
 * an {@link ApiError} body, the right status, never a stack trace. Only the catch-all logs, because only it means a
 * bug of ours.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return json(e.status(), e.toApiError());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<ApiError.FieldError> fields = e.getConstraintViolations().stream()
                .map(v -> new ApiError.FieldError(fieldName(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return json(400, ApiException.invalidFields(fields).toApiError());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = field == null
                ? "Request body is not valid JSON: " + e.getOriginalMessage()
                : "Invalid value for '" + field + "': " + e.getOriginalMessage();
        return json(400, ApiError.of(message, ErrorType.INVALID_REQUEST.wireName(), field, "invalid_json"));
    }

    /**
     * A body value of the wrong type: Quarkus REST ships a mapper for exactly this class, which would win over the
     * {@code JsonProcessingException} one above and answer in its own shape.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed with status %d", status);
        }
        return json(status, ApiError.of(messageFor(status, e), typeFor(status).wireName(), null, codeFor(status)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error while handling a request", e);
        return json(500, ApiError.of("Internal error; the request id identifies it in the service log",
                ErrorType.INTERNAL.wireName(), null, "internal_error"));
    }

    static ErrorType typeFor(int status) {
        return switch (status) {
            case 400 -> ErrorType.INVALID_REQUEST;
            case 401 -> ErrorType.AUTHENTICATION;
            case 403 -> ErrorType.PERMISSION;
            case 404, 405 -> ErrorType.NOT_FOUND;
            case 409 -> ErrorType.CONFLICT;
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorType.RATE_LIMIT;
            case 502 -> ErrorType.BAD_GATEWAY;
            case 503 -> ErrorType.SERVICE_UNAVAILABLE;
            case 504 -> ErrorType.GATEWAY_TIMEOUT;
            default -> status >= 500 ? ErrorType.INTERNAL : ErrorType.INVALID_REQUEST;
        };
    }

    static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> null;
        };
    }

    private static String messageFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 415 -> "Unsupported content type: send application/json";
            default -> e.getMessage() != null ? e.getMessage() : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // Paths look like "create.request.maxBudget": drop the method and parameter names, keep the body field.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
