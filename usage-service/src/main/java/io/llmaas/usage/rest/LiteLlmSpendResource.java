package io.llmaas.usage.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.usage.repository.UsageFilter;
import io.llmaas.usage.service.LiteLlmSpendService;

/**
 * LiteLLM-compatible spend endpoints (master key or service token), free of any enterprise gate. Dates are
 * {@code YYYY-MM-DD}, UTC, both ends inclusive. {@code api_key} accepts our key id, a raw {@code sk-…} key or its hex
 * SHA-256 hash (the latter two resolved through keys-service).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmSpendResource {

    /** Without dates, logs reach back to the oldest raw partition the retention kept. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final LiteLlmSpendService spend;
    private final Clock clock;

    LiteLlmSpendResource(LiteLlmSpendService spend, Clock clock) {
        this.spend = spend;
        this.clock = clock;
    }

    /**
     * With {@code start_date} and {@code end_date}: per-day summaries ({@code summarize=true}, the default) or the
     * individual logs ({@code summarize=false}); without dates: the logs of {@code request_id}, {@code api_key} or
     * {@code user_id} (all logs if none). Logs are streamed newest first.
     */
    @GET
    @Path("spend/logs")
    public Response spendLogs(@RestQuery("api_key") String apiKey, @RestQuery("user_id") String userId,
            @RestQuery("request_id") String requestId, @RestQuery("start_date") String startDate,
            @RestQuery("end_date") String endDate, @RestQuery("summarize") String summarize) {
        boolean dated = startDate != null || endDate != null;
        if (requestId != null && !requestId.isBlank() && !dated) {
            var one = spend.byRequestId(requestId).stream().toList();
            StreamingOutput body = out -> spend.writeLogs(one, out);
            return Response.ok(body).build();
        }
        Optional<String> keyId = Optional.empty();
        if (apiKey != null && !apiKey.isBlank()) {
            keyId = spend.resolveKeyId(apiKey.trim());
            if (keyId.isEmpty()) {
                return Response.ok(List.of()).build();
            }
        }
        TimeRange range = dated ? TimeRange.ofDates(startDate, endDate) : new TimeRange(EARLIEST, clock.instant()
                .plusSeconds(86_400));
        // LiteLLM applies one of api_key, request_id, user_id, in that order.
        String user = keyId.isEmpty() ? blankToNull(userId) : null;
        UsageFilter filter = new UsageFilter(range.from(), range.to(), keyId.orElse(null), user, null, null);
        if (dated && parseBoolean("summarize", summarize, true)) {
            return Response.ok(spend.dailySummary(filter)).build();
        }
        StreamingOutput body = out -> spend.writeLogs(filter, out);
        return Response.ok(body).build();
    }

    /**
     * Spend per day and team ({@code group_by=team}, the default), per day and customer ({@code customer}) or per key
     * ({@code api_key}); optional filters {@code api_key}, {@code internal_user_id}, {@code team_id},
     * {@code customer_id} (our user id).
     */
    @GET
    @Path("global/spend/report")
    public List<Map<String, Object>> globalSpendReport(@RestQuery("start_date") String startDate,
            @RestQuery("end_date") String endDate, @RestQuery("group_by") String groupBy,
            @RestQuery("api_key") String apiKey, @RestQuery("internal_user_id") String internalUserId,
            @RestQuery("team_id") String teamId, @RestQuery("customer_id") String customerId) {
        TimeRange range = TimeRange.ofDates(startDate, endDate);
        String group = groupBy == null || groupBy.isBlank() ? "team" : groupBy.toLowerCase(Locale.ROOT);
        if (!List.of("team", "customer", "api_key").contains(group)) {
            throw ApiException.badRequest("group_by", "group_by must be team, customer or api_key");
        }
        String keyId = null;
        if (apiKey != null && !apiKey.isBlank()) {
            Optional<String> resolved = spend.resolveKeyId(apiKey.trim());
            if (resolved.isEmpty()) {
                return List.of();
            }
            keyId = resolved.get();
        }
        String user = blankToNull(internalUserId) != null ? internalUserId : blankToNull(customerId);
        UsageFilter filter = new UsageFilter(range.from(), range.to(), keyId, user, blankToNull(teamId), null);
        return switch (group) {
            case "team" -> spend.reportByDay(filter, true);
            case "customer" -> spend.reportByDay(filter, false);
            default -> spend.reportByKey(filter);
        };
    }

    private static boolean parseBoolean(String param, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(param, param + " must be true or false");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
