package io.llmaas.usage.rest;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.usage.repository.BudgetAlert.DeliveryState;
import io.llmaas.usage.repository.BudgetAlertRepository;
import io.llmaas.usage.service.AlertService;
import io.llmaas.usage.service.AlertView;

/**
 * {@code GET /api/alerts}: budget alerts, newest first, with their delivery state. Filters: {@code state} (pending,
 * delivered, failed, no_webhook), {@code budgetId}, {@code scopeType}, {@code scopeId}, {@code threshold}, and a
 * creation range {@code from} / {@code to} (see {@link TimeRange}; no range means all); {@code limit} (default 100).
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    static final int MAX_LIMIT = 1000;

    private final AlertService alerts;
    private final Clock clock;

    AlertResource(AlertService alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    public List<AlertView> list(@RestQuery String state, @RestQuery String budgetId, @RestQuery String scopeType,
            @RestQuery String scopeId, @RestQuery String threshold, @RestQuery String from, @RestQuery String to,
            @QueryParam("limit") Integer limit) {
        boolean ranged = from != null && !from.isBlank() || to != null && !to.isBlank();
        TimeRange range = ranged ? TimeRange.parse(from, to, clock) : null;
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return alerts.list(new BudgetAlertRepository.Filter(state(state), blank(budgetId), blank(scopeType),
                blank(scopeId), blank(threshold), range == null ? null : range.from(),
                range == null ? null : range.to(), max));
    }

    private static DeliveryState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return DeliveryState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", "state must be pending, delivered, failed or no_webhook");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
