package io.llmaas.gateway.api;

import java.nio.channels.ClosedChannelException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a failed request's answer in OpenAI's error shape with the status the OpenAI SDKs map to the matching
 * exception. A failure that is not an {@link ApiException} is a bug of ours: it is logged with its stack trace, and
 * the client gets a 500 that names only the request id.
 */
@ApplicationScoped
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    public void write(Exchange exchange, Throwable failure) {
        HttpServerResponse response = exchange.response();
        if (exchange.clientGone() || response.closed() || failure instanceof ClosedChannelException
                || failure instanceof HttpClosedException) {
            // Nobody is left to answer (a write may fail on the closed connection before its close event comes); the
            // request is metered as closed by the client.
            exchange.clientWentAway();
            return;
        }
        ApiException error = failure instanceof ApiException api ? api : unexpected(failure);
        exchange.status(error.status());
        exchange.errorType(error.type().wireName());
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // A stream that already started can only report the failure as its last event.
            response.end(Buffer.buffer("data: ").appendBuffer(json(error.toApiError())).appendString("\n\n"));
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
        if (exchange.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, exchange.retryAfter());
        }
        response.end(json(error.toApiError()));
    }

    /** {@code error} as JSON, written by hand so that the error path needs no reflection either. */
    public static Buffer json(ApiError error) {
        ApiError.Body body = error.error();
        return Json.write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", body.message());
            json.writeStringField("type", body.type());
            json.writeStringField("param", body.param());
            json.writeStringField("code", body.code());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static ApiException unexpected(Throwable failure) {
        LOG.error("Unexpected failure while handling a request", failure);
        return new ApiException(ErrorType.INTERNAL, "Internal error; the request id identifies it in the gateway log",
                null, "internal_error");
    }
}
