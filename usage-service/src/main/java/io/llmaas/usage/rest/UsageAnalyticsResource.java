package io.llmaas.usage.rest;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.usage.repository.Dimension;
import io.llmaas.usage.repository.RollupRepository.Granularity;
import io.llmaas.usage.repository.RollupRepository.Order;
import io.llmaas.usage.repository.UsageFilter;
import io.llmaas.usage.rest.dto.UsageBreakdown;
import io.llmaas.usage.rest.dto.UsageSeries;
import io.llmaas.usage.rest.dto.UsageSummary;
import io.llmaas.usage.service.AnalyticsService;

/**
 * The analytics API the portal's backend calls (master key or service token, see {@link AccessFilter}): totals,
 * breakdowns (top-N) and time series over any range, served from the rollups. Common query parameters: {@code from},
 * {@code to} (see {@link TimeRange}), and filters {@code keyId}, {@code userId}, {@code teamId}, {@code model}.
 */
@Path("/api/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageAnalyticsResource {

    static final int MAX_LIMIT = 1000;

    private final AnalyticsService analytics;
    private final Clock clock;

    UsageAnalyticsResource(AnalyticsService analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GET
    @Path("/summary")
    public UsageSummary summary(@RestQuery String from, @RestQuery String to, @RestQuery String keyId,
            @RestQuery String userId, @RestQuery String teamId, @RestQuery String model) {
        UsageFilter filter = filter(from, to, keyId, userId, teamId, model, clock);
        return UsageSummary.from(AnalyticsService.toWholeHours(filter), analytics.totals(filter));
    }

    /** Usage per {@code by} (key, user, team, model), ordered by {@code orderBy} (cost, tokens, requests). */
    @GET
    @Path("/breakdown")
    public UsageBreakdown breakdown(@RestQuery String from, @RestQuery String to, @RestQuery String keyId,
            @RestQuery String userId, @RestQuery String teamId, @RestQuery String model, @RestQuery String by,
            @RestQuery String orderBy, @QueryParam("limit") Integer limit) {
        UsageFilter filter = filter(from, to, keyId, userId, teamId, model, clock);
        Dimension dimension = dimension(by).orElseThrow(() -> ApiException.badRequest("by",
                "by is required: key, user, team or model"));
        Order order = order(orderBy);
        int top = limit(limit);
        return UsageBreakdown.from(AnalyticsService.toWholeHours(filter), dimension.wireName(),
                order.name().toLowerCase(Locale.ROOT), analytics.breakdown(filter, dimension, order, top));
    }

    /** Points per {@code granularity} (hour or day), optionally split {@code by} a dimension, for charts. */
    @GET
    @Path("/timeseries")
    public UsageSeries timeseries(@RestQuery String from, @RestQuery String to, @RestQuery String keyId,
            @RestQuery String userId, @RestQuery String teamId, @RestQuery String model,
            @RestQuery String granularity, @RestQuery String by) {
        UsageFilter filter = filter(from, to, keyId, userId, teamId, model, clock);
        Granularity grain = granularity(granularity);
        Optional<Dimension> dimension = dimension(by);
        return UsageSeries.from(AnalyticsService.toWholeHours(filter), grain.name().toLowerCase(Locale.ROOT),
                dimension.map(Dimension::wireName).orElse(null), analytics.series(filter, grain, dimension));
    }

    static UsageFilter filter(String from, String to, String keyId, String userId, String teamId, String model,
            Clock clock) {
        TimeRange range = TimeRange.parse(from, to, clock);
        return new UsageFilter(range.from(), range.to(), blankToNull(keyId), blankToNull(userId), blankToNull(teamId),
                blankToNull(model));
    }

    static Optional<Dimension> dimension(String by) {
        if (by == null || by.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Dimension.of(by).orElseThrow(() -> ApiException.badRequest("by",
                "by must be key, user, team or model")));
    }

    private static Order order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return Order.COST;
        }
        try {
            return Order.valueOf(orderBy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("orderBy", "orderBy must be cost, tokens or requests");
        }
    }

    private static Granularity granularity(String granularity) {
        if (granularity == null || granularity.isBlank()) {
            return Granularity.DAY;
        }
        try {
            return Granularity.valueOf(granularity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("granularity", "granularity must be hour or day");
        }
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return 10;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
