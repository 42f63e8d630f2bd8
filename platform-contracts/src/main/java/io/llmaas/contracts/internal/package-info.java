/**
 * Wire DTOs of the internal APIs ({@code /internal/…}, service token required, never exposed by a Route):
 * <ul>
 * <li>gateway → keys-service: key verification ({@link KeyPrincipal}), the routing table ({@link RoutingTable}), the
 * changes feed ({@link ChangeFeed}) and quota leases ({@link LeaseRequest}, {@link LeaseReport});</li>
 * <li>gateway → usage-service: usage events ({@link UsageBatch});</li>
 * <li>usage-service → keys-service: spend settlement ({@link SpendSettlement}), answered with budget threshold
 * crossings that usage-service turns into alerts;</li>
 * <li>keys-/usage-service → admin-service: audit records ({@link AuditRecord}).</li>
 * </ul>
 * Money on the wire is USD as a decimal ({@code BigDecimal}) except in leases, where budget amounts are whole
 * nano-dollars ({@code long}) so the gateway's hot path never touches BigDecimal. Changes here are additive only:
 * a new field must be optional for the other side.
 */
package io.llmaas.contracts.internal;
