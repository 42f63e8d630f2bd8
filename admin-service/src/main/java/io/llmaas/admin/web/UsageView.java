package io.llmaas.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.llmaas.admin.service.UsageRange;

/**
 * What a usage page is about and the addresses it links to: the range, the scope (mine, a team, a key; or, in the
 * admin console, the platform with its filters), and the chart data and CSV export of exactly that.
 *
 * @param base       the page: {@code /usage} or {@code /admin/usage}
 * @param dataBase   the JSON API behind the chart: {@code /api/usage} or {@code /api/admin/usage}
 * @param filters    the scope's query parameters, without the range
 */
public record UsageView(UsageRange range, LocalDate today, String title, String base, String dataBase,
        List<Filter> filters, boolean platform) {

    /** One filter of the scope, as a query parameter. */
    public record Filter(String name, String value) {
    }

    /** A quick choice of range; {@code current} when the page shows it. */
    public record QuickRange(String label, String href, boolean current) {
    }

    public static UsageView mine(UsageRange range, LocalDate today, String teamId, String keyId) {
        List<Filter> filters = new ArrayList<>();
        String title = "My usage";
        if (teamId != null) {
            filters.add(new Filter("teamId", teamId));
            title = "Team usage";
        } else if (keyId != null) {
            filters.add(new Filter("keyId", keyId));
            title = "Key usage";
        }
        return new UsageView(range, today, title, "/usage", "/api/usage", filters, false);
    }

    public static UsageView platform(UsageRange range, LocalDate today, String userId, String teamId, String model,
            String keyId) {
        List<Filter> filters = new ArrayList<>();
        add(filters, "userId", userId);
        add(filters, "teamId", teamId);
        add(filters, "model", model);
        add(filters, "keyId", keyId);
        return new UsageView(range, today, "Usage analytics", "/admin/usage", "/api/admin/usage", filters, true);
    }

    /** The value of a filter, or empty text. */
    public String filter(String name) {
        return filters.stream().filter(f -> f.name().equals(name)).map(Filter::value).findFirst().orElse("");
    }

    public String chartUrl() {
        return dataBase + "/chart?" + query();
    }

    public String exportUrl() {
        return base + "/export?" + query();
    }

    /** Today, the last 7, 30 and 90 days. */
    public List<QuickRange> quickRanges() {
        List<QuickRange> ranges = new ArrayList<>();
        for (int days : new int[] { 1, 7, 30, 90 }) {
            UsageRange over = new UsageRange(today.minusDays(days - 1L), today);
            ranges.add(new QuickRange(days == 1 ? "Today" : "Last " + days + " days", base + "?" + query(over),
                    over.equals(range)));
        }
        return ranges;
    }

    public String query() {
        return query(range);
    }

    private String query(UsageRange over) {
        StringBuilder query = new StringBuilder(over.query());
        for (Filter filter : filters) {
            query.append('&').append(filter.name()).append('=')
                    .append(URLEncoder.encode(filter.value(), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static void add(List<Filter> filters, String name, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(new Filter(name, value.trim()));
        }
    }
}
