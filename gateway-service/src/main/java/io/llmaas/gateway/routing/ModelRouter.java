package io.llmaas.gateway.routing;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.llmaas.gateway.provider.UpstreamException;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Route, the step that finds the answer: the model alias's deployments in the order its strategy picks them, each
 * call through the deployment's circuit breaker; on a retryable failure (connect error, broken connection, timeout,
 * 5xx, 429) the next deployment, since nothing has reached the client yet; when the alias has none left, its
 * fallback aliases in order. What the client gets when everything failed follows from the last failure.
 */
@ApplicationScoped
public class ModelRouter {

    private static final Logger LOG = Logger.getLogger(ModelRouter.class);

    private final ModelCatalog catalog;
    private final int retries;

    ModelRouter(ModelCatalog catalog, GatewayConfig config) {
        this.catalog = catalog;
        this.retries = config.routing().retries();
    }

    /** The committed answer to the exchange's request; a failed future carries the {@link ApiException} to send. */
    public Future<UpstreamAnswer> route(Exchange exchange) {
        String alias = exchange.openAiRequest().model();
        // Authorize has found the model already; the lookup is for callers that skip it.
        ModelGroup model = exchange.model() != null ? exchange.model() : catalog.find(alias);
        if (model == null) {
            return Future.failedFuture(new ApiException(ErrorType.NOT_FOUND,
                    "The model '" + alias + "' does not exist or you do not have access to it.", "model",
                    "model_not_found"));
        }
        if (!model.supports(exchange.endpoint())) {
            return Future.failedFuture(new ApiException(ErrorType.INVALID_REQUEST, "The model '" + alias
                    + "' does not support " + exchange.endpoint().path().substring(1) + ".", "model",
                    "unsupported_model"));
        }
        exchange.model(model);
        return new Attempts(exchange).next();
    }

    /** Gives back what the request held on the deployment that answered it; called once its answer ended. */
    public void release(Exchange exchange) {
        Deployment deployment = exchange.releaseDeployment();
        if (deployment != null) {
            deployment.release(exchange);
        }
    }

    /** The attempts of one request. */
    private final class Attempts {

        private final Exchange exchange;
        private final Promise<UpstreamAnswer> answer = Promise.promise();
        private ModelGroup group;
        private int attemptsOnGroup;
        private int nextFallback;
        private Deployment lastFailed;
        private UpstreamException lastFailure;

        Attempts(Exchange exchange) {
            this.exchange = exchange;
            this.group = exchange.model();
        }

        Future<UpstreamAnswer> next() {
            if (exchange.clientGone()) {
                answer.tryFail(UpstreamException.cancelled());
                return answer.future();
            }
            Deployment deployment = attemptsOnGroup <= retries ? group.pick(exchange.failedDeployments()) : null;
            if (deployment == null) {
                if (fallBack()) {
                    return next();
                }
                answer.tryFail(exhausted());
                return answer.future();
            }
            if (lastFailure != null) {
                lastFailed.meters().retried(lastFailure.reason());
                LOG.infof("Deployment %s failed (%s); retrying on %s", lastFailed.id(), lastFailure.getMessage(),
                        deployment.id());
                lastFailure = null;
            }
            attemptsOnGroup++;
            exchange.attempt(deployment);
            deployment.call(exchange).onComplete(result -> {
                if (result.succeeded()) {
                    deployment.answered(exchange);
                    answer.complete(result.result());
                } else {
                    failed(deployment, result.cause());
                }
            });
            return answer.future();
        }

        private void failed(Deployment deployment, Throwable failure) {
            deployment.attemptFailed();
            exchange.attemptFailed();
            if (failure instanceof CircuitBreakerOpenException) {
                // The breaker turned this deployment away without a call: not an attempt, just one candidate less.
                attemptsOnGroup--;
                next();
                return;
            }
            if (!(failure instanceof UpstreamException upstream)) {
                answer.fail(failure);
                return;
            }
            if (upstream.kind() == UpstreamException.Kind.CONNECT) {
                deployment.host().markDown(upstream.getMessage());
            }
            if (!upstream.retryable()) {
                answer.fail(upstream.kind() == UpstreamException.Kind.CANCELLED ? upstream : passedOn(upstream));
                return;
            }
            lastFailed = deployment;
            lastFailure = upstream;
            next();
        }

        private boolean fallBack() {
            List<String> fallbacks = exchange.model().fallbacks();
            while (nextFallback < fallbacks.size()) {
                ModelGroup fallback = catalog.find(fallbacks.get(nextFallback++));
                if (fallback != null && fallback != group && fallback.supports(exchange.endpoint())
                        && exchange.principal().mayCall(fallback.alias())) {
                    LOG.infof("Model '%s' has no deployment left for this request; falling back to '%s'",
                            group.alias(), fallback.alias());
                    exchange.model().meters().fallback(fallback.alias());
                    group = fallback;
                    exchange.servedModel(fallback);
                    attemptsOnGroup = 0;
                    return true;
                }
            }
            return false;
        }

        /** The error for a request none of whose deployments could answer. */
        private ApiException exhausted() {
            String alias = exchange.model().alias();
            if (lastFailure == null) {
                return new ApiException(ErrorType.SERVICE_UNAVAILABLE, "The model '" + alias
                        + "' is unavailable: all its deployments are down or cooling down after failures.", null,
                        "model_unavailable");
            }
            LOG.warnf("Request for model '%s' failed after %d attempt(s); last: %s", alias, exchange.attempts(),
                    lastFailure.getMessage());
            return switch (lastFailure.kind()) {
                case TIMEOUT -> new ApiException(ErrorType.GATEWAY_TIMEOUT,
                        "The model '" + alias + "' did not answer in time: " + lastFailure.getMessage() + ".", null,
                        "upstream_timeout");
                case CONNECT -> new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                        "The model '" + alias + "' is unavailable: " + lastFailure.getMessage() + ".", null,
                        "model_unavailable");
                case STATUS -> passedOn(lastFailure);
                default -> new ApiException(ErrorType.BAD_GATEWAY,
                        "The model '" + alias + "' failed: " + lastFailure.getMessage() + ".", null,
                        "upstream_error");
            };
        }

        /** A model server's error status, as the client should see it. */
        private ApiException passedOn(UpstreamException upstream) {
            ApiError.Body error = upstream.error().error();
            int status = upstream.status();
            if (status == 401 || status == 403) {
                return new ApiException(ErrorType.BAD_GATEWAY,
                        "The model server refused the gateway's credentials: " + error.message(), null,
                        "upstream_auth_failed");
            }
            if (status == 429) {
                exchange.retryAfter(upstream.retryAfter());
                return new ApiException(ErrorType.RATE_LIMIT, 429, error.message(), error.param(),
                        error.code() != null ? error.code() : "rate_limit_exceeded", List.of());
            }
            if (status >= 500) {
                ErrorType type = status == 503 ? ErrorType.SERVICE_UNAVAILABLE
                        : status == 504 ? ErrorType.GATEWAY_TIMEOUT : ErrorType.BAD_GATEWAY;
                exchange.retryAfter(upstream.retryAfter());
                return new ApiException(type, type.status(), error.message(), error.param(), error.code(), List.of());
            }
            ErrorType type = switch (status) {
                case 404 -> ErrorType.NOT_FOUND;
                case 409 -> ErrorType.CONFLICT;
                default -> ErrorType.INVALID_REQUEST;
            };
            return new ApiException(type, status, error.message(), error.param(), error.code(), List.of());
        }
    }
}
