package io.llmaas.admin.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;

/**
 * A form as a page shows it: the values (as typed, so a refused form shows what was entered) and the problem of each
 * field. Reading values into numbers records a problem for text that is not one, like any other invalid value.
 */
public final class Form {

    private final Map<String, List<String>> values;
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Form(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Form empty() {
        return new Form(new LinkedHashMap<>());
    }

    /** What the browser sent; the CSRF token is not a value of the form. */
    public static Form submitted(MultivaluedMap<String, String> submitted) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (submitted != null) {
            submitted.forEach((name, list) -> {
                if (!"csrf-token".equals(name)) {
                    values.put(name, List.copyOf(list));
                }
            });
        }
        return new Form(values);
    }

    /** Sets a value unless one was sent (for defaults). */
    public Form preset(String name, Object value) {
        if (value != null) {
            values.putIfAbsent(name, List.of(value instanceof BigDecimal amount ? amount.toPlainString()
                    : value.toString()));
        }
        return this;
    }

    public Form presetAll(String name, List<String> list) {
        values.putIfAbsent(name, List.copyOf(list));
        return this;
    }

    /** The value, trimmed; empty text when none. */
    public String value(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() || list.get(0) == null ? "" : list.get(0).trim();
    }

    public boolean checked(String name, String option) {
        List<String> list = values.get(name);
        return list != null && list.contains(option);
    }

    public String error(String name) {
        return errors.get(name);
    }

    public boolean invalid() {
        return !errors.isEmpty();
    }

    public List<String> errorMessages() {
        return new ArrayList<>(errors.values());
    }

    /** Records problems (the first one of a field wins); fields the form does not show are kept under their name. */
    public Form withErrors(List<ApiError.FieldError> problems) {
        problems.forEach(problem -> errors.putIfAbsent(problem.field() == null ? "form" : problem.field(),
                problem.message()));
        return this;
    }

    public Form withError(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    /**
     * Records why keys-service refused what the form sent: its field problems, or its message when it names no
     * field. Anything but a refusal of the input (400, 409) is rethrown.
     */
    public Form refusedBy(ApiException e) {
        if (e.status() != 400 && e.status() != 409) {
            throw e;
        }
        return e.fields().isEmpty() ? withError(e.param() != null ? e.param() : "form", e.getMessage())
                : withErrors(e.fields());
    }

    // Reading

    /** The text, or null when blank. */
    public String text(String name) {
        return optional(value(name));
    }

    /** Typed text as the services take it: trimmed, or null when blank (a form field or a query parameter). */
    public static String optional(String typed) {
        return typed == null || typed.isBlank() ? null : typed.trim();
    }

    /** Every value of a multi-valued field (check boxes), blanks left out. */
    public List<String> all(String name) {
        List<String> list = values.get(name);
        return list == null ? List.of() : list.stream().filter(v -> v != null && !v.isBlank()).map(String::trim)
                .toList();
    }

    public Integer integer(String name) {
        String value = text(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            withError(name, "must be a whole number");
            return null;
        }
    }

    public Long whole(String name) {
        String value = text(name);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            withError(name, "must be a whole number");
            return null;
        }
    }

    public BigDecimal amount(String name) {
        String value = text(name);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            withError(name, "must be an amount such as 25 or 12.50");
            return null;
        }
    }

    public boolean flag(String name) {
        String value = text(name);
        return value != null && (value.equals("true") || value.equals("on"));
    }
}
