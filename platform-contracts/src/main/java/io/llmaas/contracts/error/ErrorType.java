package io.llmaas.contracts.error;

/**
 * The {@code type} values of {@link ApiError}, as OpenAI names them, with the HTTP status each goes with. The OpenAI
 * SDKs pick their exception class from the status, so the pairing matters more than the words.
 */
public enum ErrorType {
    INVALID_REQUEST(400, "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error"),
    PERMISSION(403, "permission_error"),
    NOT_FOUND(404, "not_found_error"),
    CONFLICT(409, "conflict_error"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error"),
    RATE_LIMIT(429, "rate_limit_error"),
    /** Budget exhausted: OpenAI answers 429 with code {@code insufficient_quota}. */
    INSUFFICIENT_QUOTA(429, "insufficient_quota"),
    INTERNAL(500, "internal_error"),
    BAD_GATEWAY(502, "upstream_error"),
    SERVICE_UNAVAILABLE(503, "service_unavailable"),
    GATEWAY_TIMEOUT(504, "timeout_error");

    private final int status;
    private final String wireName;

    ErrorType(int status, String wireName) {
        this.status = status;
        this.wireName = wireName;
    }

    public int status() {
        return status;
    }

    public String wireName() {
        return wireName;
    }
}
