package io.llmaas.gateway.provider.ollama;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.gateway.api.Json;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI requests as Ollama's native API takes them: chat → {@code /api/chat}, completions → {@code /api/generate},
 * embeddings → {@code /api/embed}. Translated: messages (system and developer prompts become system messages, text
 * parts are joined, data-URL images become {@code images}), {@code temperature}, {@code top_p},
 * {@code max_tokens}/{@code max_completion_tokens} → {@code num_predict}, {@code stop}, {@code seed},
 * {@code response_format} (json_object → {@code "json"}, json_schema → the schema). Parameters without an Ollama
 * equivalent ({@code n}, {@code logprobs}, {@code user}, …) are left out; what would change the answer's meaning if
 * dropped (tools, remote image URLs, token prompts, several prompts) is a 400.
 */
final class OllamaRequests {

    private static final String DATA_URL_BASE64 = ";base64,";

    private OllamaRequests() {
    }

    static Buffer chat(ObjectNode request, String model, boolean stream) {
        if (request.hasNonNull("tools") || request.hasNonNull("functions")) {
            throw invalid("tools", "The ollama backend does not translate tool calling; route this model through an "
                    + "openai backend (Ollama's /v1 API) to use tools");
        }
        List<Message> messages = messages(request.get("messages"));
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeArrayFieldStart("messages");
            for (Message message : messages) {
                json.writeStartObject();
                json.writeStringField("role", message.role());
                json.writeStringField("content", message.content());
                if (!message.images().isEmpty()) {
                    json.writeArrayFieldStart("images");
                    for (String image : message.images()) {
                        json.writeString(image);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeBooleanField("stream", stream);
            writeFormatAndOptions(json, request);
            json.writeEndObject();
        });
    }

    static Buffer generate(ObjectNode request, String model, boolean stream) {
        String prompt = prompt(request.get("prompt"));
        JsonNode suffix = request.get("suffix");
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("model", model);
            json.writeStringField("prompt", prompt);
            if (suffix != null && suffix.isTextual()) {
                json.writeStringField("suffix", suffix.asText());
            }
            json.writeBooleanField("stream", stream);
            writeFormatAndOptions(json, request);
            json.writeEndObject();
        });
    }

    static Buffer embed(ObjectNode request, String model) {
        JsonNode input = request.get("input");
        List<String> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw invalid("input", "The ollama backend embeds text only: 'input' must be a string or an "
                            + "array of strings, not tokens");
                }
                inputs.add(item.asText());
            }
        } else {
            throw invalid("input", "'input' must be a string or a non-empty array of strings");
        }
        JsonNode dimensions = request.get("dimensions");
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("model", model);
            if (inputs.size() == 1 && input.isTextual()) {
                json.writeStringField("input", inputs.get(0));
            } else {
                json.writeArrayFieldStart("input");
                for (String text : inputs) {
                    json.writeString(text);
                }
                json.writeEndArray();
            }
            if (dimensions != null && dimensions.canConvertToInt()) {
                json.writeNumberField("dimensions", dimensions.asInt());
            }
            json.writeEndObject();
        });
    }

    private record Message(String role, String content, List<String> images) {
    }

    private static List<Message> messages(JsonNode messages) {
        List<Message> translated = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw invalid(param, "Each message must be an object with a 'role'");
            }
            String role = switch (message.get("role").asText()) {
                case "system", "developer" -> "system";
                case "user" -> "user";
                case "assistant" -> "assistant";
                case "tool" -> "tool";
                default -> throw invalid(param + ".role", "Unknown role '" + message.get("role").asText() + "'");
            };
            List<String> images = new ArrayList<>();
            String content = content(message.get("content"), images, param + ".content");
            translated.add(new Message(role, content, images));
        }
        return translated;
    }

    private static String content(JsonNode content, List<String> images, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw invalid(param, "'content' must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text" -> {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(part.path("text").asText());
                }
                case "image_url" -> images.add(image(part.path("image_url").path("url").asText(), param));
                default -> throw invalid(param, "The ollama backend takes text and image_url content parts only, not '"
                        + part.path("type").asText() + "'");
            }
        }
        return text.toString();
    }

    private static String image(String url, String param) {
        int base64 = url.indexOf(DATA_URL_BASE64);
        if (!url.startsWith("data:") || base64 < 0) {
            throw invalid(param, "The ollama backend takes images as base64 data: URLs only");
        }
        return url.substring(base64 + DATA_URL_BASE64.length());
    }

    private static String prompt(JsonNode prompt) {
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw invalid("prompt", "The ollama backend takes one text prompt per request");
    }

    private static void writeFormatAndOptions(JsonGenerator json, ObjectNode request) throws IOException {
        JsonNode format = request.get("response_format");
        if (format != null && format.isObject()) {
            switch (format.path("type").asText()) {
                case "json_object" -> json.writeStringField("format", "json");
                case "json_schema" -> {
                    JsonNode schema = format.path("json_schema").get("schema");
                    if (schema == null || !schema.isObject()) {
                        throw invalid("response_format", "'json_schema.schema' must be a JSON schema object");
                    }
                    json.writeFieldName("format");
                    Json.MAPPER.writeTree(json, schema);
                }
                case "text" -> {
                }
                default -> throw invalid("response_format",
                        "Unknown response_format type '" + format.path("type").asText() + "'");
            }
        }
        JsonNode temperature = number(request, "temperature");
        JsonNode topP = number(request, "top_p");
        JsonNode maxTokens = request.has("max_completion_tokens") ? number(request, "max_completion_tokens")
                : number(request, "max_tokens");
        JsonNode seed = number(request, "seed");
        List<String> stop = stop(request.get("stop"));
        if (temperature == null && topP == null && maxTokens == null && seed == null && stop.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("options");
        if (temperature != null) {
            json.writeFieldName("temperature");
            Json.MAPPER.writeTree(json, temperature);
        }
        if (topP != null) {
            json.writeFieldName("top_p");
            Json.MAPPER.writeTree(json, topP);
        }
        if (maxTokens != null) {
            json.writeNumberField("num_predict", maxTokens.asLong());
        }
        if (!stop.isEmpty()) {
            json.writeArrayFieldStart("stop");
            for (String sequence : stop) {
                json.writeString(sequence);
            }
            json.writeEndArray();
        }
        if (seed != null) {
            json.writeNumberField("seed", seed.asLong());
        }
        json.writeEndObject();
    }

    private static JsonNode number(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field, "Invalid type for '" + field + "': expected a number");
        }
        return value;
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (stop.isArray()) {
            List<String> sequences = new ArrayList<>();
            stop.forEach(sequence -> sequences.add(sequence.asText()));
            return sequences;
        }
        throw invalid("stop", "Invalid type for 'stop': expected a string or an array of strings");
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, message, param, "invalid_value");
    }
}
