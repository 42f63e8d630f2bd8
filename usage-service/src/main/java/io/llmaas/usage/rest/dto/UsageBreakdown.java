package io.llmaas.usage.rest.dto;

import java.time.Instant;
import java.util.List;

import io.llmaas.usage.repository.RollupRepository.Group;
import io.llmaas.usage.repository.UsageFilter;

/** {@code GET /api/usage/breakdown}: usage per key, user, team or model, largest first (top-N with {@code limit}). */
public record UsageBreakdown(Instant from, Instant to, String by, String orderBy, List<Row> rows) {

    /** @param value the key / user / team id or model alias; null for "none" (e.g. requests without a team) */
    public record Row(String value, UsageTotals totals) {

        public static Row from(Group g) {
            return new Row(g.group(), UsageTotals.from(g.totals()));
        }
    }

    public static UsageBreakdown from(UsageFilter covered, String by, String orderBy, List<Group> groups) {
        return new UsageBreakdown(covered.from(), covered.to(), by, orderBy, groups.stream().map(Row::from).toList());
    }
}
