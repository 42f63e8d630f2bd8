package io.llmaas.usage.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.usage.repository.Dimension;
import io.llmaas.usage.repository.RollupRepository;
import io.llmaas.usage.repository.RollupRepository.Granularity;
import io.llmaas.usage.repository.RollupRepository.Group;
import io.llmaas.usage.repository.RollupRepository.Order;
import io.llmaas.usage.repository.RollupRepository.Point;
import io.llmaas.usage.repository.RollupRepository.Totals;
import io.llmaas.usage.repository.UsageFilter;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Spend and tokens by key, user, team and model, served from the rollups. Rollups have hour resolution, so a range is
 * widened to whole hours ({@code from} down, {@code to} up); the answer says which range it covers.
 */
@ApplicationScoped
public class AnalyticsService {

    private final RollupRepository rollups;

    AnalyticsService(RollupRepository rollups) {
        this.rollups = rollups;
    }

    /** The range actually covered by rollups: whole UTC hours. */
    public static UsageFilter toWholeHours(UsageFilter f) {
        Instant from = f.from().truncatedTo(ChronoUnit.HOURS);
        Instant to = f.to().truncatedTo(ChronoUnit.HOURS);
        if (to.isBefore(f.to())) {
            to = to.plus(1, ChronoUnit.HOURS);
        }
        return new UsageFilter(from, to, f.keyId(), f.userId(), f.teamId(), f.model());
    }

    public Totals totals(UsageFilter filter) {
        return QuarkusTransaction.requiringNew().call(() -> rollups.totals(toWholeHours(filter)));
    }

    public List<Group> breakdown(UsageFilter filter, Dimension by, Order order, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> rollups.breakdown(toWholeHours(filter), by, order, limit));
    }

    public List<Point> series(UsageFilter filter, Granularity granularity, Optional<Dimension> by) {
        return QuarkusTransaction.requiringNew().call(() -> rollups.series(toWholeHours(filter), granularity, by));
    }
}
