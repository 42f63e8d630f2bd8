package io.llmaas.admin.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.llmaas.contracts.error.ApiException;

/**
 * The days a usage page covers, in UTC, both inclusive (as the date pickers show them). Default: the last 30 days up to
 * today; at most 366 days. Short ranges are charted per hour, longer ones per day.
 */
public record UsageRange(LocalDate from, LocalDate to) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;
    /** Ranges of up to this many days are charted per hour. */
    static final int HOURLY_UP_TO_DAYS = 2;

    public static UsageRange parse(String from, String to, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate end = to == null || to.isBlank() ? today : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1L) : date("from", from);
        if (start.isAfter(end)) {
            throw ApiException.badRequest("from", "The start date must not be after the end date");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw ApiException.badRequest("from", "A range covers at most " + MAX_DAYS + " days");
        }
        return new UsageRange(start, end);
    }

    public Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The end, exclusive: the start of the day after {@link #to}. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public String granularity() {
        return ChronoUnit.DAYS.between(from, to) < HOURLY_UP_TO_DAYS ? "hour" : "day";
    }

    /** The query string of this range, for links and the chart's data. */
    public String query() {
        return "from=" + from + "&to=" + to;
    }

    private static LocalDate date(String field, String value) {
        try {
            LocalDate day = LocalDate.parse(value.trim());
            if (day.getYear() < 2000 || day.getYear() > 2999) {
                throw ApiException.badRequest(field, "'" + field + "' is out of range");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "'" + field + "' must be a date like 2025-06-30");
        }
    }
}
