package io.llmaas.contracts.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One request as metered by a gateway: exactly one per request, success or failure, idempotent by {@code requestId}.
 *
 * @param endpoint         {@code chat}, {@code completions} or {@code embeddings}
 * @param deploymentId     the deployment that answered (the last one tried), null when none was reached
 * @param costUsd          tokens × the model's catalog prices, 9 decimals
 * @param status           the HTTP status the client got
 * @param errorType        the error type the client got, null on success
 * @param ttftMs           time to first token (streams) or to first byte, null when nothing arrived
 * @param estimated        true when the backend gave no usage and the tokens were counted by the gateway
 * @param budgetLeaseId    the BUDGET lease the cost was reserved from, null when no budget applied; keys-service
 *                         uses it to settle that lease
 */
@RegisterForReflection
public record UsageEvent(
        String requestId,
        Instant timestamp,
        String gatewayId,
        String keyId,
        String keyAlias,
        String userId,
        String teamId,
        String model,
        String endpoint,
        String deploymentId,
        long promptTokens,
        long completionTokens,
        BigDecimal costUsd,
        int status,
        String errorType,
        long latencyMs,
        Long ttftMs,
        boolean streamed,
        boolean estimated,
        String budgetLeaseId,
        Map<String, String> metadata) {
}
