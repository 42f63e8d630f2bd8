package io.llmaas.keys.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Budget durations and periods. Durations are whole hours ({@code Nh}), days ({@code Nd}) or months ({@code Nmo});
 * LiteLLM's sub-hour units ({@code s}, {@code m}) are refused because budget periods start on whole hours. The words
 * {@code daily}, {@code weekly} and {@code monthly} (which LiteMaaS sends) mean {@code 1d}, {@code 7d}, {@code 1mo}.
 * Periods are anchored at the budget's anchor (its creation truncated to the hour, UTC) and computed from the clock
 * on every read, so a period ends exactly at its boundary.
 */
public final class BudgetPeriods {

    /** The period of a holder whose budget never resets: all time. */
    public static final Instant LIFETIME = Instant.EPOCH;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,4})(h|d|mo)");

    private BudgetPeriods() {
    }

    public record Period(Instant start, Instant end) {
    }

    /** The canonical form of a duration, or an error message. */
    public static String normalize(String duration) {
        String value = duration.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "daily":
                return "1d";
            case "weekly":
                return "7d";
            case "monthly":
                return "1mo";
            default:
                break;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
            throw Problems.single("budget_duration", "must be a whole number of hours, days or months such as 1h, "
                    + "1d, 7d, 30d or 1mo (sub-hour durations are not supported)");
        }
        return Integer.parseInt(m.group(1)) + m.group(2);
    }

    public static Instant anchor(Instant createdAt) {
        return createdAt.truncatedTo(ChronoUnit.HOURS);
    }

    /** The period containing {@code at}; for no duration, all time. */
    public static Period periodAt(Instant anchor, String duration, Instant at) {
        if (duration == null) {
            return new Period(LIFETIME, null);
        }
        Matcher m = DURATION.matcher(duration);
        if (!m.matches()) {
            throw new IllegalStateException("Stored budget duration " + duration + " is invalid");
        }
        int n = Integer.parseInt(m.group(1));
        if (m.group(2).equals("mo")) {
            ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
            long months = ChronoUnit.MONTHS.between(start, at.atZone(ZoneOffset.UTC));
            long periods = Math.floorDiv(months, n);
            ZonedDateTime periodStart = start.plusMonths(periods * n);
            if (periodStart.toInstant().isAfter(at)) {
                periodStart = periodStart.minusMonths(n);
            }
            return new Period(periodStart.toInstant(), periodStart.plusMonths(n).toInstant());
        }
        Duration step = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        long elapsed = Duration.between(anchor, at).toMillis();
        long periods = Math.floorDiv(elapsed, step.toMillis());
        Instant start = anchor.plus(step.multipliedBy(periods));
        return new Period(start, start.plus(step));
    }
}
