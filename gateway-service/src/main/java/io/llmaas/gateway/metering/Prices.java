package io.llmaas.gateway.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.llmaas.contracts.internal.RoutingTable.ModelRoute;

/**
 * A model's catalog prices (USD per 1M prompt / completion tokens) and what a request costs: USD with 9 decimals, the
 * precision of usage events, or the same amount in whole nano-dollars, the unit of budget leases. Both come from one
 * computation, so what the budget settles is exactly what the usage event says.
 */
public record Prices(BigDecimal inputPer1M, BigDecimal outputPer1M) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public static Prices of(ModelRoute route) {
        return new Prices(route.inputPricePer1M() == null ? BigDecimal.ZERO : route.inputPricePer1M(),
                route.outputPricePer1M() == null ? BigDecimal.ZERO : route.outputPricePer1M());
    }

    /** tokens × prices, in USD, 9 decimals. */
    public BigDecimal costUsd(long promptTokens, long completionTokens) {
        return inputPer1M.multiply(BigDecimal.valueOf(Math.max(0, promptTokens)))
                .add(outputPer1M.multiply(BigDecimal.valueOf(Math.max(0, completionTokens))))
                .divide(MILLION, 9, RoundingMode.HALF_UP);
    }

    /** The same cost in nano-dollars. */
    public long costNanos(long promptTokens, long completionTokens) {
        return costUsd(promptTokens, completionTokens).movePointRight(9).longValueExact();
    }
}
