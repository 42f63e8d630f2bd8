package io.llmaas.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.gateway.api.ErrorResponses;
import io.llmaas.gateway.api.ModelList;
import io.llmaas.gateway.api.OpenAiRequestReader;
import io.llmaas.gateway.auth.Authenticator;
import io.llmaas.gateway.metering.RequestMeter;
import io.llmaas.gateway.routing.ModelRouter;
import io.vertx.core.AsyncResult;

/**
 * The gateway's request path, one step per line, each a non-blocking call that records what it found on the
 * {@link Exchange} and fails with the error the client should get. Every request ends in {@link #finish}: the error
 * answer if there is one, then what the request held is given back, then it is metered.
 */
@ApplicationScoped
public class RequestPath {

    private final Authenticator authenticator;
    private final OpenAiRequestReader requestReader;
    private final ModelRouter router;
    private final ModelList models;
    private final ErrorResponses errors;
    private final RequestMeter meter;

    RequestPath(Authenticator authenticator, OpenAiRequestReader requestReader, ModelRouter router, ModelList models,
            ErrorResponses errors, RequestMeter meter) {
        this.authenticator = authenticator;
        this.requestReader = requestReader;
        this.router = router;
        this.models = models;
        this.errors = errors;
        this.meter = meter;
    }

    /** Chat completions, completions and embeddings. */
    public void infer(Exchange exchange) {
        meter.started(exchange);
        authenticator.authenticate(exchange)                            // Authenticate: whose request is it
                .compose(principal -> requestReader.read(exchange))     // the body: JSON, size, required fields
                .compose(request -> router.route(exchange))             // Route: deployment, retries, fallbacks
                .compose(answer -> answer.deliver(exchange))            // Proxy: the answer, as it comes
                .onComplete(outcome -> finish(exchange, outcome));      // Meter
    }

    /** {@code GET /v1/models}. */
    public void listModels(Exchange exchange) {
        meter.started(exchange);
        authenticator.authenticate(exchange)
                .compose(principal -> models.writeAll(exchange))
                .onComplete(outcome -> finish(exchange, outcome));
    }

    /** {@code GET /v1/models/{id}}. */
    public void describeModel(Exchange exchange, String id) {
        meter.started(exchange);
        authenticator.authenticate(exchange)
                .compose(principal -> models.writeOne(exchange, id))
                .onComplete(outcome -> finish(exchange, outcome));
    }

    private void finish(Exchange exchange, AsyncResult<?> outcome) {
        if (outcome.failed()) {
            errors.write(exchange, outcome.cause());
        }
        router.release(exchange);
        meter.record(exchange);
    }
}
