package io.llmaas.gateway.provider.ollama;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.http.RequestIds;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.OpenAiRequest;
import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.BufferedAnswer;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.llmaas.gateway.provider.UpstreamClient;
import io.llmaas.gateway.provider.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Ollama's native API ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}), translated both ways (see
 * {@link OllamaRequests}, {@link OllamaAnswers}, {@link OllamaStream}). Ollama streams by default, so {@code stream}
 * is always sent explicitly.
 */
@ApplicationScoped
public class OllamaBackend implements Backend {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized(RequestIds.HEADER);

    private final UpstreamClient client;

    OllamaBackend(UpstreamClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public Future<UpstreamAnswer> call(Exchange exchange, UpstreamTarget target) {
        OpenAiRequest request = exchange.openAiRequest();
        ObjectNode openAi = request.tree();
        String model = target.upstreamModel();
        return switch (exchange.endpoint()) {
            case CHAT -> send(exchange, target, "/api/chat", OllamaRequests.chat(openAi, model, request.stream()),
                    answer -> OllamaAnswers.chat(exchange, answer));
            case COMPLETIONS -> send(exchange, target, "/api/generate",
                    OllamaRequests.generate(openAi, model, request.stream()),
                    answer -> OllamaAnswers.completion(exchange, answer));
            case EMBEDDINGS -> send(exchange, target, "/api/embed", OllamaRequests.embed(openAi, model),
                    answer -> OllamaAnswers.embeddings(exchange, answer,
                            "base64".equals(openAi.path("encoding_format").asText())));
            case MODELS -> throw new IllegalArgumentException("models are listed by the gateway, not a backend");
        };
    }

    private Future<UpstreamAnswer> send(Exchange exchange, UpstreamTarget target, String path, Buffer body,
            Function<Buffer, Buffer> translate) {
        RequestOptions options = target.request(HttpMethod.POST, path)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(X_REQUEST_ID, exchange.requestId());
        if (exchange.openAiRequest().stream()) {
            return client.stream(exchange, target, options, body, new OllamaStream(exchange));
        }
        return client.fetch(exchange, target, options, body).map(answer -> new BufferedAnswer(translate.apply(answer)));
    }

    @Override
    public Future<Void> probe(UpstreamTarget target, long timeoutMs) {
        return client.probe(target.request(HttpMethod.GET, "/api/version"), timeoutMs);
    }
}
