package io.llmaas.gateway.provider.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.gateway.api.ApiEndpoint;

/**
 * What the demo model answers: the same reply to the same prompt, every time. Tokens are words, counted the same way
 * for the prompt and the reply, so usage is exact and predictable.
 */
final class MockReply {

    private static final int QUOTE_LIMIT = 120;
    private static final int DEFAULT_DIMENSIONS = 64;

    private final List<String> pieces;
    private final long promptTokens;

    private MockReply(List<String> pieces, long promptTokens) {
        this.pieces = pieces;
        this.promptTokens = promptTokens;
    }

    /** The reply to a chat or completions request. */
    static MockReply to(ApiEndpoint endpoint, ObjectNode request) {
        StringBuilder prompt = new StringBuilder();
        String lastUserText = "";
        if (endpoint == ApiEndpoint.CHAT) {
            for (JsonNode message : request.path("messages")) {
                String text = text(message.get("content"));
                prompt.append(text).append(' ');
                if ("user".equals(message.path("role").asText())) {
                    lastUserText = text;
                }
            }
        } else {
            lastUserText = text(request.get("prompt"));
            prompt.append(lastUserText);
        }
        String quote = lastUserText.strip().replaceAll("\\s+", " ");
        if (quote.length() > QUOTE_LIMIT) {
            quote = quote.substring(0, QUOTE_LIMIT) + "…";
        }
        String reply = "Hello! I am the LLMaaS demo model: I answer without a model server, the same way every time."
                + " You wrote: \"" + quote + "\"";
        String[] words = reply.split(" ");
        List<String> pieces = new ArrayList<>(words.length);
        for (int i = 0; i < words.length; i++) {
            pieces.add(i < words.length - 1 ? words[i] + " " : words[i]);
        }
        return new MockReply(pieces, Math.max(1, words(prompt.toString())));
    }

    /** The reply's text in the pieces a stream sends, one token (word) each. */
    List<String> pieces() {
        return pieces;
    }

    String text() {
        return String.join("", pieces);
    }

    long promptTokens() {
        return promptTokens;
    }

    long completionTokens() {
        return pieces.size();
    }

    /** Deterministic unit vectors: the same text always embeds to the same vector. */
    static List<double[]> embeddings(ObjectNode request) {
        JsonNode input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
        } else {
            texts.add(input.isTextual() ? input.asText() : input.toString());
        }
        int dimensions = request.path("dimensions").canConvertToInt() && request.path("dimensions").asInt() > 0
                ? request.path("dimensions").asInt()
                : DEFAULT_DIMENSIONS;
        List<double[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            SplittableRandom random = new SplittableRandom(text.hashCode());
            double[] vector = new double[dimensions];
            double norm = 0;
            for (int i = 0; i < dimensions; i++) {
                vector[i] = random.nextDouble(-1, 1);
                norm += vector[i] * vector[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < dimensions; i++) {
                vector[i] = Math.round(vector[i] / norm * 1e6) / 1e6;
            }
            vectors.add(vector);
        }
        return vectors;
    }

    static long embeddingTokens(ObjectNode request) {
        JsonNode input = request.get("input");
        long tokens = 0;
        if (input.isArray()) {
            for (JsonNode item : input) {
                tokens += words(item.asText());
            }
        } else {
            tokens = words(input.asText());
        }
        return Math.max(1, tokens);
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.isTextual()) {
                text.append(part.asText()).append(' ');
            } else if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText()).append(' ');
            }
        }
        return text.toString().strip();
    }

    private static long words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
