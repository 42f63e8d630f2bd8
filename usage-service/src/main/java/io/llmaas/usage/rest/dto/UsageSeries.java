package io.llmaas.usage.rest.dto;

import java.time.Instant;
import java.util.List;

import io.llmaas.usage.repository.RollupRepository.Point;
import io.llmaas.usage.repository.UsageFilter;

/** {@code GET /api/usage/timeseries}: one point per hour or day (and per group when split), oldest first. */
public record UsageSeries(Instant from, Instant to, String granularity, String by, List<SeriesPoint> points) {

    /** @param value the group's value when the series is split by a dimension, else null */
    public record SeriesPoint(Instant bucket, String value, UsageTotals totals) {

        public static SeriesPoint from(Point p) {
            return new SeriesPoint(p.bucket(), p.group(), UsageTotals.from(p.totals()));
        }
    }

    public static UsageSeries from(UsageFilter covered, String granularity, String by, List<Point> points) {
        return new UsageSeries(covered.from(), covered.to(), granularity, by,
                points.stream().map(SeriesPoint::from).toList());
    }
}
