package io.llmaas.contracts.internal;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /internal/leases/report}: a gateway tells keys-service how much of its leases it has used and hands back
 * what it no longer needs. {@code consumed} is the running total for the lease (idempotent on retry), never a delta.
 */
@RegisterForReflection
public record LeaseReport(String gatewayId, List<Use> uses) {

    /** @param release true hands the unused rest back and closes the lease */
    @RegisterForReflection
    public record Use(String leaseId, LeaseKind kind, long consumed, boolean release) {
    }
}
