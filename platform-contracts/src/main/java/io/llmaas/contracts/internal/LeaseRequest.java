package io.llmaas.contracts.internal;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /internal/leases}: a gateway asks for slices of quota, in one batch, one transaction per scope.
 * Scopes: {@code key:<keyId>}, {@code user:<userId>}, {@code team:<teamId>}, {@code key:<keyId>:model:<alias>}.
 * BUDGET asks always use {@code key:<keyId>:model:<alias>}: the grant is reserved against every budget that applies
 * to that key on that model (key, user, team, subscription).
 */
@RegisterForReflection
public record LeaseRequest(String gatewayId, List<Ask> asks) {

    /**
     * @param amount      how much the gateway would like (a slice for the coming seconds)
     * @param minAmount   how much it needs right now for the request that is waiting; below that nothing is granted
     * @param keepLeaseId RPM/TPM: the gateway's open slice of the scope that this ask does not supersede (an ask
     *                    ahead: the slice is still being used, and is released with its consumption later); null: the
     *                    ask closes every open slice the gateway holds of the scope, counted in full
     */
    @RegisterForReflection
    public record Ask(String scope, LeaseKind kind, long amount, long minAmount, String keepLeaseId) {

        /** An ask that supersedes whatever slice of the scope the gateway holds. */
        public Ask(String scope, LeaseKind kind, long amount, long minAmount) {
            this(scope, kind, amount, minAmount, null);
        }
    }
}
