package io.llmaas.usage.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.llmaas.contracts.error.ApiException;

/**
 * The {@code from} / {@code to} query parameters of the analytics API: an ISO instant ({@code 2025-06-01T10:00:00Z})
 * or a UTC date ({@code 2025-06-01}). {@code from} is inclusive; {@code to} is exclusive as an instant and inclusive
 * as a date (the whole day counts). Defaults: the last 30 days up to now.
 */
record TimeRange(Instant from, Instant to) {

    static final Duration DEFAULT_SPAN = Duration.ofDays(30);
    static final Duration MAX_SPAN = Duration.ofDays(3660);

    static TimeRange parse(String from, String to, Clock clock) {
        Instant end = to == null || to.isBlank() ? clock.instant() : parse("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_SPAN) : parse("from", from, false);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from", "from must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw ApiException.badRequest("from", "the range may span at most " + MAX_SPAN.toDays() + " days");
        }
        return new TimeRange(start, end);
    }

    /** LiteLLM's {@code start_date} / {@code end_date}: dates, both inclusive. */
    static TimeRange ofDates(String startDate, String endDate) {
        if (startDate == null || startDate.isBlank() || endDate == null || endDate.isBlank()) {
            throw ApiException.badRequest(startDate == null || startDate.isBlank() ? "start_date" : "end_date",
                    "start_date and end_date are required (YYYY-MM-DD)");
        }
        LocalDate start = date("start_date", startDate);
        LocalDate end = date("end_date", endDate);
        if (end.isBefore(start)) {
            throw ApiException.badRequest("end_date", "end_date must not be before start_date");
        }
        if (Duration.between(start.atStartOfDay(), end.atStartOfDay()).compareTo(MAX_SPAN) > 0) {
            throw ApiException.badRequest("start_date", "the range may span at most " + MAX_SPAN.toDays() + " days");
        }
        return new TimeRange(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static Instant parse(String param, String value, boolean endOfDay) {
        if (value.length() == 10) {
            LocalDate day = date(param, value);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(param, param + " must be an ISO instant (2025-06-01T10:00:00Z) or a date "
                    + "(2025-06-01)");
        }
    }

    private static LocalDate date(String param, String value) {
        try {
            LocalDate day = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
            if (day.getYear() < 2000 || day.getYear() > 2999) {
                throw ApiException.badRequest(param, param + " is out of range");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(param, param + " must be a date (YYYY-MM-DD)");
        }
    }
}
