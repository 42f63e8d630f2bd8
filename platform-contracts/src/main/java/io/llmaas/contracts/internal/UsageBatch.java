package io.llmaas.contracts.internal;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /internal/usage/events}: a gateway's batch of usage events. Replaying a batch is harmless. */
@RegisterForReflection
public record UsageBatch(String gatewayId, String batchId, List<UsageEvent> events) {

    /** @param duplicates events whose request id was already stored, skipped */
    @RegisterForReflection
    public record Result(int accepted, int duplicates) {
    }
}
