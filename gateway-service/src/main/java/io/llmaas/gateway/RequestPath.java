package io.llmaas.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.gateway.api.ErrorResponses;
import io.llmaas.gateway.api.ModelList;
import io.llmaas.gateway.api.OpenAiRequestReader;
import io.llmaas.gateway.auth.Authenticator;
import io.llmaas.gateway.auth.ModelAccess;
import io.llmaas.gateway.budget.BudgetGuard;
import io.llmaas.gateway.limits.RateLimiter;
import io.llmaas.gateway.metering.RequestMeter;
import io.llmaas.gateway.routing.ModelRouter;
import io.vertx.core.AsyncResult;

/**
 * The gateway's request path, one step per line, each a non-blocking call that records what it found on the
 * {@link Exchange} and fails with the error the client should get. Every request ends in {@link #finish}: the error
 * answer if there is one, then what the request held is given back and settled, then it is metered.
 */
@ApplicationScoped
public class RequestPath {

    private final Authenticator authenticator;
    private final OpenAiRequestReader requestReader;
    private final ModelAccess access;
    private final RateLimiter limiter;
    private final BudgetGuard budget;
    private final ModelRouter router;
    private final ModelList models;
    private final ErrorResponses errors;
    private final RequestMeter meter;

    RequestPath(Authenticator authenticator, OpenAiRequestReader requestReader, ModelAccess access,
            RateLimiter limiter, BudgetGuard budget, ModelRouter router, ModelList models, ErrorResponses errors,
            RequestMeter meter) {
        this.authenticator = authenticator;
        this.requestReader = requestReader;
        this.access = access;
        this.limiter = limiter;
        this.budget = budget;
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
                .compose(request -> access.authorize(exchange))         // Authorize: may the key call the model
                .compose(model -> limiter.admit(exchange))              // Limit: RPM, TPM, max parallel
                .compose(admitted -> budget.reserve(exchange))          // Reserve budget: the worst-case cost
                .compose(reserved -> router.route(exchange))            // Route: deployment, retries, fallbacks
                .compose(answer -> answer.deliver(exchange))            // Proxy: the answer, as it comes
                .onComplete(outcome -> finish(exchange, outcome));      // Meter
    }

    /** {@code GET /v1/models}: the models the key may call. */
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
        limiter.writeHeaders(exchange);                                 // x-ratelimit-* on every answer of the key
        if (outcome.failed()) {
            errors.write(exchange, outcome.cause());
        }
        router.release(exchange);                                       // the deployment's in-flight slot
        meter.count(exchange);                                          // tokens (reported or counted) and cost
        limiter.release(exchange);                                      // parallel slots; TPM settled to actual
        budget.settle(exchange);                                        // actual cost into the budget lease
        meter.record(exchange);                                         // metrics and the usage event
    }
}
