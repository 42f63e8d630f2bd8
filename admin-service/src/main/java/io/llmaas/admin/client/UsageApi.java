package io.llmaas.admin.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** usage-service's analytics and alerts as the portal reads them ({@code /api/usage/*}, {@code /api/alerts}). */
public final class UsageApi {

    private UsageApi() {
    }

    /** Sums over a set of requests. */
    @RegisterForReflection
    public record Totals(long requests, long promptTokens, long completionTokens, long totalTokens,
            BigDecimal costUsd, long errors, long streamed, long estimated) {

        public static final Totals NONE = new Totals(0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0);
    }

    /** Totals over a range; usage-service widens ranges to whole hours and says which range it covered. */
    @RegisterForReflection
    public record Summary(Instant from, Instant to, Totals totals) {
    }

    @RegisterForReflection
    public record Breakdown(Instant from, Instant to, String by, String orderBy, List<Row> rows) {
    }

    /** One group of a breakdown; {@code value} null means "none" (e.g. requests without a team). */
    @RegisterForReflection
    public record Row(String value, Totals totals) {
    }

    @RegisterForReflection
    public record Series(Instant from, Instant to, String granularity, String by, List<Point> points) {
    }

    @RegisterForReflection
    public record Point(Instant bucket, String value, Totals totals) {
    }

    @RegisterForReflection
    public record Alert(UUID id, String budgetId, String scopeType, String scopeId, String scopeName,
            Instant periodStart, Instant periodEnd, String threshold, BigDecimal spend, BigDecimal maxBudget,
            Instant createdAt, String deliveryState, int attempts, String lastError, Instant deliveredAt) {
    }
}
