package io.llmaas.gateway.metering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.internal.UsageEvent;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.config.GatewayIdentity;
import io.llmaas.gateway.routing.Deployment;
import io.llmaas.gateway.routing.ModelGroup;

/**
 * Meter, the last step of the request path. {@link #count} settles what a finished request used: the tokens the
 * backend reported, or — when it reported none although an answer was produced (a client gone mid-stream, a backend
 * without usage) — the tokens counted with the tokenizer, flagged as estimated; and their cost at the model's catalog
 * prices. {@link #record} then records it into the Prometheus metrics and, for authenticated inference requests, as
 * exactly one usage event for usage-service. Requests are metered under the model the client asked for, also when a
 * fallback served them.
 */
@ApplicationScoped
public class RequestMeter {

    private static final int MAX_MODEL_NAME = 256;
    private static final int MAX_METADATA_ENTRIES = 32;

    private final GatewayMetrics metrics;
    private final PlatformMetrics platform;
    private final UsageShipper shipper;
    private final String gatewayId;

    RequestMeter(GatewayMetrics metrics, PlatformMetrics platform, UsageShipper shipper, GatewayIdentity identity) {
        this.metrics = metrics;
        this.platform = platform;
        this.shipper = shipper;
        this.gatewayId = identity.id();
    }

    public void started(Exchange exchange) {
        metrics.requestStarted();
    }

    /** The request's final token counts and cost, recorded on the exchange. */
    public void count(Exchange exchange) {
        long prompt = exchange.promptTokens();
        long completion = exchange.completionTokens();
        boolean estimated = false;
        boolean answered = exchange.streamedText() != null || exchange.answerBody() != null;
        if (answered && exchange.openAiRequest() != null && (prompt < 0 || completion < 0)) {
            if (prompt < 0) {
                prompt = TokenCounter.prompt(exchange.endpoint(), exchange.openAiRequest().tree());
            }
            if (completion < 0) {
                completion = !exchange.endpoint().generates() ? 0
                        : exchange.answerBody() != null ? TokenCounter.answer(exchange.answerBody())
                                : TokenCounter.streamed(exchange.streamedText());
            }
            estimated = true;
        }
        prompt = Math.max(0, prompt);
        completion = Math.max(0, completion);
        ModelGroup model = exchange.model();
        BigDecimal cost = model == null ? BigDecimal.ZERO.setScale(9) : model.prices().costUsd(prompt, completion);
        exchange.metered(prompt, completion, estimated, cost, cost.movePointRight(9).longValueExact());
    }

    public void record(Exchange exchange) {
        metrics.requestEnded();
        long now = System.nanoTime();
        ModelGroup model = exchange.model();
        ModelMeters modelMeters = model != null ? model.meters() : metrics.unknownModel();
        ApiEndpoint endpoint = exchange.endpoint();
        Deployment deployment = exchange.deployment();
        DeploymentMeters deploymentMeters = deployment != null ? deployment.meters() : null;

        if (deploymentMeters != null) {
            deploymentMeters.requests(endpoint, exchange.status()).increment();
            long upstreamEnd = exchange.upstreamEndNanos() > 0 ? exchange.upstreamEndNanos() : now;
            deploymentMeters.upstreamDuration().record(upstreamEnd - exchange.upstreamStartNanos(),
                    TimeUnit.NANOSECONDS);
        } else {
            modelMeters.unroutedRequests(endpoint, exchange.status()).increment();
        }
        modelMeters.duration(endpoint).record(now - exchange.startNanos(), TimeUnit.NANOSECONDS);
        if (exchange.firstChunkNanos() > 0) {
            modelMeters.timeToFirstToken().record(exchange.firstChunkNanos() - exchange.startNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (exchange.promptTokens() > 0) {
            modelMeters.promptTokens().increment(exchange.promptTokens());
        }
        if (exchange.completionTokens() > 0) {
            modelMeters.completionTokens().increment(exchange.completionTokens());
        }
        Principal principal = exchange.principal();
        if (principal != null && endpoint != ApiEndpoint.MODELS) {
            platform.spend(modelMeters.model(), principal.teamId(), principal.keyId(), exchange.costUsd(),
                    exchange.promptTokens(), exchange.completionTokens());
            shipper.offer(usageEvent(exchange, principal, now));
        }
    }

    private UsageEvent usageEvent(Exchange exchange, Principal principal, long now) {
        Deployment deployment = exchange.deployment();
        long ttft = exchange.firstChunkNanos() > 0 ? exchange.firstChunkNanos()
                : exchange.upstreamFirstByteNanos();
        return new UsageEvent(exchange.requestId(), Instant.ofEpochMilli(exchange.startEpochMillis()), gatewayId,
                principal.keyId(), principal.keyAlias(), principal.userId(), principal.teamId(), modelName(exchange),
                exchange.endpoint().capability(), deployment == null ? null : deployment.id(),
                Math.max(0, exchange.promptTokens()), Math.max(0, exchange.completionTokens()), exchange.costUsd(),
                exchange.status() == 0 ? 500 : exchange.status(), exchange.errorType(),
                TimeUnit.NANOSECONDS.toMillis(now - exchange.startNanos()),
                ttft > 0 ? TimeUnit.NANOSECONDS.toMillis(ttft - exchange.startNanos()) : null,
                exchange.openAiRequest() != null && exchange.openAiRequest().stream(), exchange.tokensEstimated(),
                exchange.budgetLeaseId(), bounded(principal.metadata()));
    }

    /** The key's metadata within what usage-service stores (32 entries, bounded lengths), so a batch is never refused. */
    private static Map<String, String> bounded(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (out.size() == MAX_METADATA_ENTRIES) {
                break;
            }
            String key = clip(entry.getKey(), MAX_MODEL_NAME);
            if (key != null && !key.isEmpty()) {
                out.put(key, clip(entry.getValue(), 4 * MAX_MODEL_NAME));
            }
        }
        return out;
    }

    private static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\0') >= 0 ? value.replace("\0", "") : value;
        return clean.length() > max ? clean.substring(0, max) : clean;
    }

    private static String modelName(Exchange exchange) {
        if (exchange.model() != null) {
            return exchange.model().alias();
        }
        String asked = exchange.openAiRequest() == null ? null : exchange.openAiRequest().model();
        if (asked == null || asked.isBlank()) {
            return GatewayMetrics.NONE;
        }
        return clip(asked, MAX_MODEL_NAME);
    }
}
