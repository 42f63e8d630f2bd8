package io.llmaas.gateway.provider.ollama;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.api.Json;
import io.llmaas.gateway.provider.OpenAiAnswers;
import io.llmaas.gateway.provider.UpstreamException;
import io.vertx.core.buffer.Buffer;

/**
 * Ollama's native answers in OpenAI's shape. Usage comes from {@code prompt_eval_count} and {@code eval_count}, which
 * Ollama leaves out at times (a cached prompt has no prompt_eval_count): a missing count is unknown to metering and
 * reported as 0 to the client; an answer with neither count has no {@code usage}.
 */
final class OllamaAnswers {

    private OllamaAnswers() {
    }

    static Buffer chat(Exchange exchange, Buffer answer) {
        JsonNode ollama = read(answer);
        JsonNode message = ollama.get("message");
        if (message == null || !message.isObject()) {
            throw UpstreamException.protocol("the model server's chat answer has no message");
        }
        boolean counted = recordUsage(exchange, ollama);
        return new OpenAiAnswers(exchange).completion(message.path("content").asText(""), finishReason(ollama),
                counted);
    }

    static Buffer completion(Exchange exchange, Buffer answer) {
        JsonNode ollama = read(answer);
        JsonNode response = ollama.get("response");
        if (response == null || !response.isTextual()) {
            throw UpstreamException.protocol("the model server's generate answer has no response");
        }
        boolean counted = recordUsage(exchange, ollama);
        return new OpenAiAnswers(exchange).completion(response.asText(), finishReason(ollama), counted);
    }

    static Buffer embeddings(Exchange exchange, Buffer answer, boolean base64) {
        JsonNode ollama = read(answer);
        JsonNode embeddings = ollama.get("embeddings");
        if (embeddings == null || !embeddings.isArray()) {
            throw UpstreamException.protocol("the model server's embed answer has no embeddings");
        }
        List<double[]> vectors = new ArrayList<>(embeddings.size());
        for (JsonNode embedding : embeddings) {
            double[] vector = new double[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = embedding.get(i).asDouble();
            }
            vectors.add(vector);
        }
        long prompt = count(ollama, "prompt_eval_count");
        exchange.usage(prompt, prompt < 0 ? -1 : 0);
        return new OpenAiAnswers(exchange).embeddings(vectors, base64, prompt);
    }

    /** OpenAI's finish_reason for Ollama's done_reason: "length" when num_predict cut the answer, else "stop". */
    static String finishReason(JsonNode ollama) {
        return "length".equals(ollama.path("done_reason").asText()) ? "length" : "stop";
    }

    /** Records the counts of a final Ollama object on the exchange; false when it has neither. */
    static boolean recordUsage(Exchange exchange, JsonNode ollama) {
        long prompt = count(ollama, "prompt_eval_count");
        long completion = count(ollama, "eval_count");
        exchange.usage(prompt, completion);
        return prompt >= 0 || completion >= 0;
    }

    private static JsonNode read(Buffer answer) {
        try {
            JsonNode node = Json.MAPPER.readTree(Json.array(answer), 0, answer.length());
            if (node == null || !node.isObject()) {
                throw UpstreamException.protocol("the model server's answer is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw UpstreamException.protocol("the model server's answer is not valid JSON");
        }
    }

    private static long count(JsonNode ollama, String field) {
        JsonNode count = ollama.get(field);
        return count != null && count.canConvertToLong() ? count.asLong() : -1;
    }
}
