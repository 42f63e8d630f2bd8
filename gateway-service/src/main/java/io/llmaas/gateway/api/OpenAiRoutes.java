package io.llmaas.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.RequestPath;
import io.vertx.ext.web.Router;

/**
 * The OpenAI-compatible data plane on plain Vert.x routes, under {@code /v1} and, as LiteLLM accepts, without it.
 * Handlers run on the event loop and only hand the request to the {@link RequestPath}; nothing here blocks.
 */
@ApplicationScoped
public class OpenAiRoutes {

    private static final String[] PREFIXES = {"/v1", ""};

    private final RequestPath requestPath;

    OpenAiRoutes(RequestPath requestPath) {
        this.requestPath = requestPath;
    }

    void register(@Observes Router router) {
        for (String prefix : PREFIXES) {
            router.post(prefix + ApiEndpoint.CHAT.path())
                    .handler(http -> requestPath.infer(new Exchange(http, ApiEndpoint.CHAT)));
            router.post(prefix + ApiEndpoint.COMPLETIONS.path())
                    .handler(http -> requestPath.infer(new Exchange(http, ApiEndpoint.COMPLETIONS)));
            router.post(prefix + ApiEndpoint.EMBEDDINGS.path())
                    .handler(http -> requestPath.infer(new Exchange(http, ApiEndpoint.EMBEDDINGS)));
            router.get(prefix + ApiEndpoint.MODELS.path())
                    .handler(http -> requestPath.listModels(new Exchange(http, ApiEndpoint.MODELS)));
            // Model ids may contain slashes (org/model), hence a regex rather than a one-segment parameter.
            router.getWithRegex(prefix + ApiEndpoint.MODELS.path() + "/(?<id>.+)")
                    .handler(http -> requestPath.describeModel(new Exchange(http, ApiEndpoint.MODELS),
                            http.pathParam("id")));
        }
    }
}
