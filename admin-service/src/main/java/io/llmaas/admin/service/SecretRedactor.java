package io.llmaas.admin.service;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Removes secrets from audit data. Senders redact before shipping records; this is the second line of defence, applied
 * when a record is stored and again to every text the audit pages show: API keys ({@code sk-…}) anywhere in a string,
 * and the values of fields whose names say they hold a secret.
 */
public final class SecretRedactor {

    public static final String REDACTED = "[redacted]";

    /** {@code sk-} starting a word (so "risk-based" stays), followed by key characters. */
    private static final Pattern API_KEY = Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_\\-]{4,}");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=\\-]{8,}");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(secret|password|passwd|token|api_?key|apikey|authorization|credential|private_?key|^key$)");
    /** Field names that contain a secret-looking word but hold harmless metadata about a key. */
    private static final Pattern HARMLESS_FIELD = Pattern.compile(
            "(?i)^(key_?alias|key_?name|key_?prefix|key_?id|token_?count|tokens|max_?tokens|.*_tokens|tpm.*|.*_tpm)$");

    private SecretRedactor() {
    }

    /** Redacts API keys and bearer tokens inside free text. */
    public static String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutKeys = API_KEY.matcher(text).replaceAll("sk-" + REDACTED);
        return BEARER.matcher(withoutKeys).replaceAll("Bearer " + REDACTED);
    }

    /** A redacted deep copy of a JSON document (null stays null). */
    public static JsonNode redact(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return redactNode(node.deepCopy());
    }

    private static JsonNode redactNode(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretField(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(TextNode.valueOf(REDACTED));
                } else {
                    field.setValue(redactNode(field.getValue()));
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redactNode(array.get(i)));
            }
            return array;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(redactText(node.asText()));
        }
        return node;
    }

    static boolean isSecretField(String name) {
        return SECRET_FIELD.matcher(name).find() && !HARMLESS_FIELD.matcher(name).matches();
    }
}
