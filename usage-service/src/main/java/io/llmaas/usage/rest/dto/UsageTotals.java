package io.llmaas.usage.rest.dto;

import java.math.BigDecimal;

import io.llmaas.usage.repository.RollupRepository.Totals;

/** Sums over a set of requests, as every analytics answer shows them. */
public record UsageTotals(long requests, long promptTokens, long completionTokens, long totalTokens,
        BigDecimal costUsd, long errors, long streamed, long estimated) {

    public static UsageTotals from(Totals t) {
        return new UsageTotals(t.requests(), t.promptTokens(), t.completionTokens(),
                t.promptTokens() + t.completionTokens(), t.costUsd(), t.errors(), t.streamed(), t.estimated());
    }
}
