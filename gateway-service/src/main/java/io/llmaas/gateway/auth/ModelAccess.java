package io.llmaas.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.routing.ModelCatalog;
import io.llmaas.gateway.routing.ModelGroup;
import io.vertx.core.Future;

/**
 * Authorize: the model the request names must be one the key may call. A model the key may not see is answered
 * exactly like a model that does not exist (404), so keys learn nothing about models outside their reach; a visible
 * model without an active subscription is a 403. The model found is recorded on the exchange for the next steps.
 */
@ApplicationScoped
public class ModelAccess {

    private final ModelCatalog catalog;

    ModelAccess(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public Future<ModelGroup> authorize(Exchange exchange) {
        try {
            return Future.succeededFuture(check(exchange.principal(), exchange.openAiRequest().model(), exchange));
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
    }

    /** The model {@code alias} if {@code principal} may call it; records it on {@code exchange} when one is given. */
    public ModelGroup check(Principal principal, String alias, Exchange exchange) {
        ModelGroup model = catalog.find(alias);
        if (model == null || !principal.maySee(alias)) {
            throw notFound(alias);
        }
        if (!principal.mayCall(alias)) {
            throw new ApiException(ErrorType.PERMISSION, "You do not have an active subscription to the model '"
                    + alias + "'. Subscribe to it (restricted models need an administrator's approval).", "model",
                    "model_not_subscribed");
        }
        if (exchange != null) {
            exchange.model(model);
        }
        return model;
    }

    public static ApiException notFound(String alias) {
        return new ApiException(ErrorType.NOT_FOUND,
                "The model '" + alias + "' does not exist or you do not have access to it.", "model",
                "model_not_found");
    }
}
