package io.llmaas.gateway.provider;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.api.Json;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI answers the gateway writes itself, for backends that do not speak OpenAI (translated or built-in):
 * {@code chat.completion} and {@code text_completion}, their stream chunks, and the embeddings list. Ids derive from
 * the request id, {@code created} is the request's arrival, {@code model} the alias that served it.
 */
public final class OpenAiAnswers {

    private final Exchange exchange;
    private final boolean chat;
    private final String id;
    private final String model;

    public OpenAiAnswers(Exchange exchange) {
        this.exchange = exchange;
        this.chat = exchange.endpoint() == ApiEndpoint.CHAT;
        this.id = (chat ? "chatcmpl-" : "cmpl-") + exchange.requestId();
        this.model = exchange.servedModel().alias();
    }

    /** A complete chat or text completion; usage from the exchange's counts when {@code withUsage}. */
    public Buffer completion(String text, String finishReason, boolean withUsage) {
        return Json.write(json -> {
            head(json, chat ? "chat.completion" : "text_completion");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            if (chat) {
                json.writeObjectFieldStart("message");
                json.writeStringField("role", "assistant");
                json.writeStringField("content", text);
                json.writeNullField("refusal");
                json.writeEndObject();
            } else {
                json.writeStringField("text", text);
            }
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finishReason);
            json.writeEndObject();
            json.writeEndArray();
            if (withUsage) {
                usage(json);
            }
            json.writeEndObject();
        }, text.length() + 512);
    }

    /**
     * One stream chunk as an SSE event: {@code text} (null for none), the assistant role on the first chunk of a chat,
     * and {@code finishReason} (null until the last).
     */
    public Buffer chunk(String text, boolean first, String finishReason) {
        return Sse.event(Json.write(json -> {
            head(json, chat ? "chat.completion.chunk" : "text_completion");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            if (chat) {
                json.writeObjectFieldStart("delta");
                if (first) {
                    json.writeStringField("role", "assistant");
                }
                if (text != null) {
                    json.writeStringField("content", text);
                }
                json.writeEndObject();
            } else {
                json.writeStringField("text", text == null ? "" : text);
            }
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finishReason);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    /** The usage-only chunk that ends a stream whose client asked for {@code stream_options.include_usage}. */
    public Buffer usageChunk() {
        return Sse.event(Json.write(json -> {
            head(json, chat ? "chat.completion.chunk" : "text_completion");
            json.writeEndArray();
            usage(json);
            json.writeEndObject();
        }));
    }

    /** The embeddings list, as floats or as OpenAI's base64 (little-endian float32). */
    public Buffer embeddings(List<double[]> vectors, boolean base64, long promptTokens) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int i = 0; i < vectors.size(); i++) {
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", i);
                if (base64) {
                    json.writeStringField("embedding", base64(vectors.get(i)));
                } else {
                    json.writeFieldName("embedding");
                    json.writeArray(vectors.get(i), 0, vectors.get(i).length);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", model);
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", Math.max(0, promptTokens));
            json.writeNumberField("total_tokens", Math.max(0, promptTokens));
            json.writeEndObject();
            json.writeEndObject();
        }, vectors.size() * (vectors.isEmpty() ? 0 : vectors.get(0).length) * 12 + 256);
    }

    /** Opens the object and its choices array. */
    private void head(JsonGenerator json, String object) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", id);
        json.writeStringField("object", object);
        json.writeNumberField("created", exchange.createdEpochSecond());
        json.writeStringField("model", model);
        json.writeArrayFieldStart("choices");
    }

    private void usage(JsonGenerator json) throws IOException {
        long prompt = Math.max(0, exchange.promptTokens());
        long completion = Math.max(0, exchange.completionTokens());
        json.writeObjectFieldStart("usage");
        json.writeNumberField("prompt_tokens", prompt);
        json.writeNumberField("completion_tokens", completion);
        json.writeNumberField("total_tokens", prompt + completion);
        json.writeEndObject();
    }

    private static String base64(double[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : vector) {
            bytes.putFloat((float) value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
