package io.llmaas.contracts.internal;

import java.math.BigDecimal;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The catalog as a gateway routes it: {@code GET /internal/routing}. The gateway's file-based configuration
 * (standalone mode) parses into the same records, so one routing code path serves both sources.
 *
 * @param version increases with every catalog change; a gateway reloads when the changes feed says ROUTING
 */
@RegisterForReflection
public record RoutingTable(long version, List<ModelRoute> models) {

    /**
     * One model alias.
     *
     * @param capabilities      subset of {@code chat}, {@code completions}, {@code embeddings}
     * @param inputPricePer1M   USD per 1M prompt tokens (equal to micro-USD per token)
     * @param outputPricePer1M  USD per 1M completion tokens
     * @param strategy          least-busy (default), round-robin, weighted, lowest-latency; null for the default
     * @param fallbacks         aliases tried in order when every deployment of this one failed
     */
    @RegisterForReflection
    public record ModelRoute(
            String alias,
            String description,
            List<String> capabilities,
            Integer contextWindow,
            BigDecimal inputPricePer1M,
            BigDecimal outputPricePer1M,
            boolean restricted,
            boolean enabled,
            String strategy,
            List<String> fallbacks,
            List<DeploymentRoute> deployments) {
    }

    /**
     * One backend serving a model.
     *
     * @param backend            {@code openai}, {@code ollama} or {@code mock}
     * @param apiKey             upstream API key in clear: keys-service stores it encrypted and decrypts it only for
     *                           this internal answer
     * @param rpm                deployment cap per gateway replica, null for none
     * @param tpm                deployment cap per gateway replica, null for none
     * @param connectTimeoutMs   null for the gateway default
     * @param firstByteTimeoutMs null for the gateway default
     * @param idleTimeoutMs      longest gap between two chunks, null for the gateway default
     */
    @RegisterForReflection
    public record DeploymentRoute(
            String id,
            String backend,
            String baseUrl,
            String upstreamModel,
            int weight,
            String apiKey,
            Long rpm,
            Long tpm,
            Integer connectTimeoutMs,
            Integer firstByteTimeoutMs,
            Integer idleTimeoutMs) {
    }
}
