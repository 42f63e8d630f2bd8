package io.llmaas.usage.rest.dto;

import java.time.Instant;

import io.llmaas.usage.repository.RollupRepository.Totals;
import io.llmaas.usage.repository.UsageFilter;

/** {@code GET /api/usage/summary}: totals over the (hour-aligned) range. */
public record UsageSummary(Instant from, Instant to, UsageTotals totals) {

    public static UsageSummary from(UsageFilter covered, Totals totals) {
        return new UsageSummary(covered.from(), covered.to(), UsageTotals.from(totals));
    }
}
