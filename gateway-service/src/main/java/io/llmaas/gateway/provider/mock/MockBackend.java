package io.llmaas.gateway.provider.mock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.BufferedAnswer;
import io.llmaas.gateway.provider.OpenAiAnswers;
import io.llmaas.gateway.provider.UpstreamAnswer;
import io.llmaas.gateway.provider.UpstreamException;
import io.llmaas.gateway.provider.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The built-in demo model ({@code backend: mock}): a deterministic reply after {@code gateway.mock.latency}, streamed
 * at {@code gateway.mock.tokens-per-second}, with exact usage. It makes the quickstart work without a model server and
 * gives client developers something predictable to test against. It is a feature, not a test double: the real
 * translators are tested against real HTTP servers.
 */
@ApplicationScoped
public class MockBackend implements Backend {

    private final Vertx vertx;
    private final long latencyMs;
    private final long tokenIntervalMs;

    MockBackend(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.latencyMs = config.mock().latency().toMillis();
        int tokensPerSecond = config.mock().tokensPerSecond();
        this.tokenIntervalMs = tokensPerSecond > 0 ? Math.max(1, 1000 / tokensPerSecond) : 0;
    }

    @Override
    public String name() {
        return "mock";
    }

    @Override
    public boolean probed() {
        return false;
    }

    @Override
    public Future<Void> probe(UpstreamTarget target, long timeoutMs) {
        return Future.succeededFuture();
    }

    @Override
    public Future<UpstreamAnswer> call(Exchange exchange, UpstreamTarget target) {
        ObjectNode request = exchange.openAiRequest().tree();
        Promise<UpstreamAnswer> answer = Promise.promise();
        Runnable ready = () -> {
            exchange.onClientGone(null);
            exchange.upstreamFirstByte();
            answer.tryComplete(answer(exchange, request));
        };
        if (latencyMs <= 0) {
            ready.run();
        } else {
            long timerId = vertx.setTimer(latencyMs, tick -> ready.run());
            exchange.onClientGone(() -> {
                vertx.cancelTimer(timerId);
                answer.tryFail(UpstreamException.cancelled());
            });
        }
        return answer.future();
    }

    private UpstreamAnswer answer(Exchange exchange, ObjectNode request) {
        OpenAiAnswers answers = new OpenAiAnswers(exchange);
        if (exchange.endpoint() == ApiEndpoint.EMBEDDINGS) {
            long tokens = MockReply.embeddingTokens(request);
            exchange.usage(tokens, 0);
            exchange.upstreamEnded();
            return new BufferedAnswer(answers.embeddings(MockReply.embeddings(request),
                    "base64".equals(request.path("encoding_format").asText()), tokens));
        }
        MockReply reply = MockReply.to(exchange.endpoint(), request);
        exchange.usage(reply.promptTokens(), reply.completionTokens());
        if (exchange.openAiRequest().stream()) {
            return new MockStream(vertx, tokenIntervalMs, reply);
        }
        exchange.upstreamEnded();
        return new BufferedAnswer(answers.completion(reply.text(), "stop", true));
    }
}
