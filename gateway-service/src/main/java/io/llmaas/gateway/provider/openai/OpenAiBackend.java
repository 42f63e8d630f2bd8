package io.llmaas.gateway.provider.openai;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.llmaas.contracts.http.RequestIds;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.Json;
import io.llmaas.gateway.api.OpenAiRequest;
import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.BufferedAnswer;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.llmaas.gateway.provider.UpstreamClient;
import io.llmaas.gateway.provider.UpstreamException;
import io.llmaas.gateway.provider.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Any OpenAI-compatible server (vLLM, Ollama's {@code /v1}, llama.cpp's server, OpenAI itself). The client's body
 * goes through as it is, but for the model name and, on streams, {@code stream_options.include_usage} (see
 * {@link OpenAiRequest#bodyFor}); answers come back byte for byte, read only for their usage.
 */
@ApplicationScoped
public class OpenAiBackend implements Backend {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence TEXT_EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized(RequestIds.HEADER);

    private final UpstreamClient client;

    OpenAiBackend(UpstreamClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public Future<UpstreamAnswer> call(Exchange exchange, UpstreamTarget target) {
        OpenAiRequest request = exchange.openAiRequest();
        RequestOptions options = target.request(HttpMethod.POST, exchange.endpoint().path())
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(X_REQUEST_ID, exchange.requestId());
        Buffer body = request.bodyFor(target.upstreamModelJson());
        if (request.stream()) {
            options.putHeader(HttpHeaders.ACCEPT, TEXT_EVENT_STREAM);
            return client.stream(exchange, target, options, body, new UsageFilter(request.includeUsage()));
        }
        options.putHeader(HttpHeaders.ACCEPT, APPLICATION_JSON);
        return client.fetch(exchange, target, options, body).map(answer -> {
            readUsage(exchange, answer);
            return new BufferedAnswer(answer);
        });
    }

    @Override
    public Future<Void> probe(UpstreamTarget target, long timeoutMs) {
        return client.probe(target.request(HttpMethod.GET, "/models"), timeoutMs);
    }

    /** Records the {@code usage} of a complete answer on the exchange. */
    private static void readUsage(Exchange exchange, Buffer answer) {
        try (JsonParser json = Json.FACTORY.createParser(Json.array(answer), 0, answer.length())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw UpstreamException.protocol("the model server's answer is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                    Usage.read(json, exchange);
                    return;
                }
                json.skipChildren();
            }
        } catch (IOException e) {
            throw UpstreamException.protocol("the model server's answer is not valid JSON");
        }
    }
}
