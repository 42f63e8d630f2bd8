package io.llmaas.gateway.provider;

import io.llmaas.contracts.error.ApiError;

/**
 * Why an attempt at a deployment failed. Carries no stack trace: it is an expected outcome, and the router decides
 * from {@link #retryable()} whether another deployment may still serve the request.
 */
public final class UpstreamException extends RuntimeException {

    public enum Kind {
        /** No connection could be made: the model server is down or unreachable. */
        CONNECT,
        /** The connection broke before the answer was complete. */
        CLOSED,
        /** No first byte in time, or too long a silence between two chunks. */
        TIMEOUT,
        /** The model server answered with an error status. */
        STATUS,
        /** The model server's answer was not what its API promises. */
        PROTOCOL,
        /** The client went away, so the gateway cancelled the call. */
        CANCELLED
    }

    private final Kind kind;
    private final int status;
    private final ApiError error;
    private final String retryAfter;

    private UpstreamException(Kind kind, String message, int status, ApiError error, String retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public static UpstreamException connect(Throwable cause) {
        return new UpstreamException(Kind.CONNECT, "could not connect: " + describe(cause), 0, null, null);
    }

    public static UpstreamException closed(Throwable cause) {
        return new UpstreamException(Kind.CLOSED, "connection lost: " + describe(cause), 0, null, null);
    }

    public static UpstreamException timeout(String message) {
        return new UpstreamException(Kind.TIMEOUT, message, 0, null, null);
    }

    /** The model server answered {@code status} with {@code error} (its message, parsed from its error body). */
    public static UpstreamException status(int status, ApiError error, String retryAfter) {
        return new UpstreamException(Kind.STATUS, "answered " + status + ": " + error.error().message(), status, error,
                retryAfter);
    }

    public static UpstreamException protocol(String message) {
        return new UpstreamException(Kind.PROTOCOL, message, 0, null, null);
    }

    public static UpstreamException cancelled() {
        return new UpstreamException(Kind.CANCELLED, "cancelled: the client went away", 0, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The model server's status, for {@link Kind#STATUS}. */
    public int status() {
        return status;
    }

    /** The model server's error, for {@link Kind#STATUS}. */
    public ApiError error() {
        return error;
    }

    public String retryAfter() {
        return retryAfter;
    }

    /**
     * Whether another deployment may serve the request: connect errors, broken connections, timeouts, 5xx, 429 and
     * refused credentials are the deployment's problem; any other 4xx is the request's, and would fail anywhere.
     */
    public boolean retryable() {
        return switch (kind) {
            case CONNECT, CLOSED, TIMEOUT, PROTOCOL -> true;
            case STATUS -> status >= 500 || status == 429 || status == 401 || status == 403;
            case CANCELLED -> false;
        };
    }

    /** Whether the failure counts against the deployment's circuit breaker: exactly the retryable ones. */
    public boolean countsAgainstDeployment() {
        return retryable();
    }

    /** A short, bounded label for metrics. */
    public String reason() {
        return switch (kind) {
            case CONNECT -> "connect";
            case CLOSED -> "closed";
            case TIMEOUT -> "timeout";
            case PROTOCOL -> "protocol";
            case CANCELLED -> "cancelled";
            case STATUS -> status == 429 ? "status_429" : status >= 500 ? "status_5xx" : "status_4xx";
        };
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}
