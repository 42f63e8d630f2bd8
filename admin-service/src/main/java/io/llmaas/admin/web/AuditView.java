package io.llmaas.admin.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.repository.AuditEntry;
import io.llmaas.admin.service.SecretRedactor;

/**
 * How the audit pages show entries. Every text goes through {@link SecretRedactor} once more on its way to the page,
 * in case a sender let a key slip through.
 */
public final class AuditView {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** A line of the list. */
    public record Row(String id, String at, String actor, String action, String targetType, String targetId,
            String service, String sourceIp) {

        public static Row from(AuditEntry entry) {
            return new Row(entry.id, TIME.format(entry.at), SecretRedactor.redactText(entry.actor), entry.action,
                    entry.targetType, SecretRedactor.redactText(entry.targetId), entry.service, entry.sourceIp);
        }
    }

    /** A labelled value of the detail page. */
    public record Fact(String label, String value) {
    }

    /** One field of the before/after comparison. */
    public record Change(String field, String before, String after, boolean changed) {
    }

    /** The detail page of one entry. */
    public record Detail(String action, List<Fact> facts, List<Change> changes, String beforeJson, String afterJson) {

        public static Detail from(AuditEntry entry, ObjectMapper json) {
            JsonNode before = SecretRedactor.redact(parse(entry.beforeState, json));
            JsonNode after = SecretRedactor.redact(parse(entry.afterState, json));
            List<Fact> facts = List.of(
                    new Fact("Time (UTC)", TIME.format(entry.at)),
                    new Fact("Actor", SecretRedactor.redactText(entry.actor)),
                    new Fact("Action", entry.action),
                    new Fact("Target type", entry.targetType),
                    new Fact("Target", SecretRedactor.redactText(entry.targetId)),
                    new Fact("Service", entry.service),
                    new Fact("From", entry.sourceIp),
                    new Fact("Request id", entry.requestId),
                    new Fact("Entry id", entry.id),
                    new Fact("Received (UTC)", entry.receivedAt == null ? null : TIME.format(entry.receivedAt)));
            return new Detail(entry.action, facts, AuditView.changes(before, after), pretty(before, json),
                    pretty(after, json));
        }
    }

    private AuditView() {
    }

    /** Field-by-field comparison of two documents, nested fields as dotted paths, changed ones flagged. */
    static List<Change> changes(JsonNode before, JsonNode after) {
        Map<String, String> left = new TreeMap<>();
        Map<String, String> right = new TreeMap<>();
        flatten("", before, left);
        flatten("", after, right);
        TreeMap<String, Boolean> fields = new TreeMap<>();
        left.keySet().forEach(field -> fields.put(field, true));
        right.keySet().forEach(field -> fields.put(field, true));
        List<Change> changes = new ArrayList<>();
        for (String field : fields.keySet()) {
            String was = left.get(field);
            String now = right.get(field);
            changes.add(new Change(field, was, now, was == null ? now != null : !was.equals(now)));
        }
        return changes;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else {
            into.put(prefix.isEmpty() ? "(value)" : prefix,
                    SecretRedactor.redactText(node.isTextual() ? node.asText() : node.toString()));
        }
    }

    private static JsonNode parse(String document, ObjectMapper json) {
        if (document == null) {
            return null;
        }
        try {
            return json.readTree(document);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(document);
        }
    }

    private static String pretty(JsonNode node, ObjectMapper json) {
        if (node == null) {
            return null;
        }
        try {
            return SecretRedactor.redactText(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            return SecretRedactor.redactText(node.toString());
        }
    }

    /** Formats an instant for the pages. */
    public static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }
}
