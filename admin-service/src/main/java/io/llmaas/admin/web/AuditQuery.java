package io.llmaas.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.llmaas.admin.repository.AuditRepository;

/**
 * The audit log's filters as the page's query string carries them ({@code from}/{@code to} as the browser's
 * {@code datetime-local} values, in UTC), so that every page and filter state has its own URL.
 */
public record AuditQuery(String actor, String action, String targetType, String from, String to, String text) {

    /** Blank values become null. */
    public static AuditQuery of(String actor, String action, String targetType, String from, String to, String text) {
        return new AuditQuery(Form.optional(actor), Form.optional(action), Form.optional(targetType), Form.optional(from), Form.optional(to), Form.optional(text));
    }

    /** The repository filter, or an exception naming the field that cannot be read. */
    public AuditRepository.Filter toFilter() {
        return new AuditRepository.Filter(actor, action, targetType, instant("from", from), instant("to", to), text);
    }

    /** The URL of page {@code pageNumber} (1-based) with these filters. */
    public String link(int pageNumber) {
        List<String> params = new ArrayList<>();
        add(params, "actor", actor);
        add(params, "action", action);
        add(params, "targetType", targetType);
        add(params, "from", from);
        add(params, "to", to);
        add(params, "q", text);
        params.add("page=" + pageNumber);
        return "/admin/audit?" + String.join("&", params);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date and time like 2025-01-31T14:30");
        }
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null) {
            params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
