package io.llmaas.gateway.metering;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.api.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Counts tokens the backend did not report — a client that went away mid-stream, a backend that gives no usage — with
 * a real BPE tokenizer (jtokkit, {@code cl100k_base}). Model servers tokenize differently, so such counts are
 * estimates (usage events say {@code estimated=true}), but never zero for text that was there. Used only at the end
 * of such requests, never on the common path.
 */
public final class TokenCounter {

    /** OpenAI's accounting of chat formatting: tokens per message and to prime the reply. */
    private static final int PER_MESSAGE = 4;
    private static final int REPLY_PRIMING = 3;

    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry()
            .getEncoding(EncodingType.CL100K_BASE);

    private TokenCounter() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }

    /** The prompt of a request body: chat messages (text and text parts), a completion prompt, embedding inputs. */
    public static long prompt(ApiEndpoint endpoint, JsonNode body) {
        return switch (endpoint) {
            case CHAT -> {
                long tokens = REPLY_PRIMING;
                for (JsonNode message : body.path("messages")) {
                    tokens += PER_MESSAGE + count(message.path("role").asText("")) + text(message.get("content"));
                }
                yield tokens;
            }
            case COMPLETIONS -> text(body.get("prompt"));
            case EMBEDDINGS -> text(body.get("input"));
            case MODELS -> 0;
        };
    }

    /** The generated text of a complete OpenAI answer (chat message contents or completion texts). */
    public static long answer(Buffer json) {
        try {
            JsonNode answer = Json.MAPPER.readTree(Json.array(json), 0, json.length());
            long tokens = 0;
            for (JsonNode choice : answer.path("choices")) {
                tokens += text(choice.path("message").get("content")) + text(choice.get("text"));
            }
            return tokens;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The generated tokens of a stream's events as sent to the client. */
    public static long streamed(StreamedText events) {
        return count(events.text());
    }

    /** Appends the generated text of {@code events} (complete SSE events of OpenAI chunks) to {@code into}. */
    static void appendGenerated(Buffer events, StringBuilder into) {
        String chunk = events.toString();
        int at = 0;
        while ((at = chunk.indexOf("data:", at)) >= 0) {
            int end = chunk.indexOf('\n', at);
            String data = chunk.substring(at + 5, end < 0 ? chunk.length() : end).trim();
            at = end < 0 ? chunk.length() : end;
            if (data.startsWith("{")) {
                appendText(data, into);
            }
        }
    }

    private static void appendText(String data, StringBuilder into) {
        try (JsonParser json = Json.FACTORY.createParser(data)) {
            while (json.nextToken() != null) {
                if (json.currentToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    if (("content".equals(field) || "text".equals(field)) && json.nextToken() == JsonToken.VALUE_STRING) {
                        into.append(json.getText());
                    }
                }
            }
        } catch (IOException e) {
            // A broken event adds nothing.
        }
    }

    private static long text(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return count(node.asText());
        }
        long tokens = 0;
        if (node.isArray()) {
            for (JsonNode item : node) {
                tokens += item.isObject() ? text(item.get("text")) : text(item);
            }
        }
        return tokens;
    }
}
