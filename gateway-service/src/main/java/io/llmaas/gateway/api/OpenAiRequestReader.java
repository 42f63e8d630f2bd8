package io.llmaas.gateway.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads an inference request's body: JSON only (415 otherwise), at most {@code gateway.max-request-body} bytes (413,
 * decided from Content-Length before anything is read when the client sends one, and before inviting the body of an
 * {@code Expect: 100-continue} request), then validated and scanned into an {@link OpenAiRequest} (400 when malformed
 * or incomplete).
 */
@ApplicationScoped
public class OpenAiRequestReader {

    /** How far past the limit a client may keep sending before it is disconnected, in multiples of the limit. */
    private static final int DROP_LIMIT_FACTOR = 4;

    private final long maxBody;

    OpenAiRequestReader(GatewayConfig config) {
        this.maxBody = config.maxRequestBody().asLongValue();
    }

    /** The parsed request, also recorded on the exchange. */
    public Future<OpenAiRequest> read(Exchange exchange) {
        HttpServerRequest request = exchange.request();
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return Future.failedFuture(new ApiException(ErrorType.UNSUPPORTED_MEDIA_TYPE, 415,
                    "Unsupported content type: send the request as 'Content-Type: application/json'", null,
                    "unsupported_media_type", List.of()));
        }
        long declared = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        BodyCollector body = new BodyCollector(exchange, declared);
        request.handler(body);
        request.exceptionHandler(body.parsed::tryFail);
        request.endHandler(end -> body.complete());
        if (declared > maxBody) {
            body.tooLarge();
        } else if (HttpHeaders.CONTINUE.toString().equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // curl asks before sending a body over 1 KB; without an answer it waits a second.
            exchange.response().writeContinue();
        }
        return body.parsed.future();
    }

    /**
     * Collects the body up to the limit. Past the limit the request has failed, but the rest of the body is still
     * read and dropped, so the client can finish sending and read the 413 on a healthy connection; a client that
     * keeps sending far beyond the limit is disconnected.
     */
    private final class BodyCollector implements Handler<Buffer> {

        final Promise<OpenAiRequest> parsed = Promise.promise();
        private final Exchange exchange;
        private final long declared;
        /** The first chunk as it came (usually the whole body: no copy), then a buffer the chunks add up in. */
        private Buffer body;
        private boolean collecting;
        private long dropped;

        BodyCollector(Exchange exchange, long declared) {
            this.exchange = exchange;
            this.declared = declared;
        }

        @Override
        public void handle(Buffer chunk) {
            if (parsed.future().isComplete()) {
                dropped += chunk.length();
                if (dropped > DROP_LIMIT_FACTOR * maxBody) {
                    exchange.request().connection().close();
                }
            } else if ((body == null ? 0 : body.length()) + chunk.length() > maxBody) {
                tooLarge();
            } else if (body == null) {
                body = chunk;
            } else {
                if (!collecting) {
                    Buffer first = body;
                    body = Buffer.buffer((int) Math.max(Math.min(declared, maxBody), 2L * first.length()));
                    body.appendBuffer(first);
                    collecting = true;
                }
                body.appendBuffer(chunk);
            }
        }

        void tooLarge() {
            parsed.tryFail(new ApiException(ErrorType.PAYLOAD_TOO_LARGE, 413,
                    "The request body is larger than the " + maxBody + " bytes this gateway accepts", null,
                    "request_too_large", List.of()));
        }

        void complete() {
            if (parsed.future().isComplete()) {
                return;
            }
            try {
                OpenAiRequest openAiRequest = OpenAiRequest.parse(exchange.endpoint(),
                        body == null ? Buffer.buffer() : body);
                exchange.openAiRequest(openAiRequest);
                parsed.complete(openAiRequest);
            } catch (ApiException e) {
                parsed.fail(e);
            }
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String mediaType = (end < 0 ? contentType : contentType.substring(0, end)).trim();
        return mediaType.equalsIgnoreCase("application/json");
    }

    private static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
