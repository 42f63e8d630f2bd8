package io.llmaas.keys.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.Settable;

/**
 * Reads a JSON object body field by field, telling an absent field from an explicit {@code null} (which clears), and
 * collecting every type problem so the caller gets all of them in one 400 with {@code fields}.
 */
public final class JsonBody {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final ObjectNode node;
    private final Problems problems = new Problems();

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problems.single("body", "must be a JSON object");
        }
        return new JsonBody((ObjectNode) body);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public JsonNode node() {
        return node;
    }

    public Settable<String> text(String field) {
        return read(field, v -> v.isTextual() ? v.asText() : fail(field, "must be a string"));
    }

    /** A required non-blank string; null (and a field problem) when missing. */
    public String requiredText(String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            return text(field).value();
        }
        if (value == null || value.isNull() || value.asText().isBlank()) {
            problems.add(field, "is required");
            return null;
        }
        return value.asText();
    }

    public Settable<Long> count(String field) {
        return read(field, v -> {
            if (v.isIntegralNumber() || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
                long value = v.asLong();
                return value >= 0 ? value : fail(field, "must be >= 0");
            }
            return fail(field, "must be a whole number");
        });
    }

    public Settable<Integer> integer(String field) {
        return read(field, v -> {
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                return v.asInt();
            }
            return fail(field, "must be a whole number");
        });
    }

    public Settable<BigDecimal> decimal(String field) {
        return read(field, v -> v.isNumber() ? v.decimalValue() : fail(field, "must be a number"));
    }

    public Settable<Boolean> bool(String field) {
        return read(field, v -> v.isBoolean() ? v.asBoolean() : fail(field, "must be true or false"));
    }

    public Settable<Instant> instant(String field) {
        return read(field, v -> {
            if (!v.isTextual()) {
                return fail(field, "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                return fail(field, "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
        });
    }

    public Settable<List<String>> strings(String field) {
        return read(field, v -> {
            if (!v.isArray()) {
                return fail(field, "must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    return fail(field, "must be an array of strings");
                }
                out.add(item.asText());
            }
            return out;
        });
    }

    public Settable<List<Integer>> integers(String field) {
        return read(field, v -> {
            if (!v.isArray()) {
                return fail(field, "must be an array of whole numbers");
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isIntegralNumber()) {
                    return fail(field, "must be an array of whole numbers");
                }
                out.add(item.asInt());
            }
            return out;
        });
    }

    public Settable<Map<String, Object>> object(String field) {
        return read(field, v -> {
            if (!v.isObject()) {
                return fail(field, "must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = PLAIN.convertValue(v, LinkedHashMap.class);
            return map;
        });
    }

    /** An object of non-negative whole numbers, e.g. per-model limits {@code {"llama3-8b": 10}}. */
    public Settable<Map<String, Long>> counts(String field) {
        return read(field, v -> {
            if (!v.isObject()) {
                return fail(field, "must be an object of whole numbers");
            }
            Map<String, Long> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                    return fail(field, "value for '" + e.getKey() + "' must be a whole number >= 0");
                }
                out.put(e.getKey(), e.getValue().asLong());
            }
            return out;
        });
    }

    public Problems problems() {
        return problems;
    }

    public void throwIfInvalid() {
        problems.throwIfAny();
    }

    private interface Reader<T> {
        T read(JsonNode value);
    }

    /** Marks a type problem; the field then reads as absent. */
    private <T> T fail(String field, String message) {
        problems.add(field, message);
        throw new Invalid();
    }

    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }

    private <T> Settable<T> read(String field, Reader<T> reader) {
        if (!node.has(field)) {
            return Settable.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Settable.of(null);
        }
        try {
            return Settable.of(reader.read(value));
        } catch (Invalid e) {
            return Settable.absent();
        }
    }
}
