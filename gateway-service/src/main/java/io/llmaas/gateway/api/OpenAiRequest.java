package io.llmaas.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.vertx.core.buffer.Buffer;

/**
 * A client's request body as the request path sees it: the raw bytes, kept so that an OpenAI-compatible backend gets
 * them unchanged but for the model name, and the few fields the steps need ({@code model}, {@code stream},
 * {@code stream_options.include_usage}). One streaming pass validates the JSON and finds those fields with their byte
 * positions; the full tree is built only for backends that translate the request.
 */
public final class OpenAiRequest {

    private static final byte[] INCLUDE_USAGE_FIELD = "\"stream_options\":{\"include_usage\":true},"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] INCLUDE_USAGE_VALUE = "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTHING = new byte[0];

    private final ApiEndpoint endpoint;
    private final Buffer raw;
    private final byte[] body;
    private final int length;
    private final String model;
    private final int modelStart;
    private final int modelEnd;
    private final int objectStart;
    private final boolean stream;
    private final boolean includeUsage;
    private final int streamOptionsStart;
    private final int streamOptionsEnd;
    private final long maxTokens;
    private ObjectNode tree;

    private OpenAiRequest(ApiEndpoint endpoint, Buffer raw, byte[] body, int length, Scan scan) {
        this.endpoint = endpoint;
        this.raw = raw;
        this.body = body;
        this.length = length;
        this.model = scan.model;
        this.modelStart = scan.modelStart;
        this.modelEnd = scan.modelEnd;
        this.objectStart = scan.objectStart;
        this.stream = scan.stream && endpoint.generates();
        this.includeUsage = scan.includeUsage;
        this.streamOptionsStart = scan.streamOptionsStart;
        this.streamOptionsEnd = scan.streamOptionsEnd;
        this.maxTokens = scan.maxTokens;
    }

    /** Validates {@code body} for {@code endpoint}; a problem is a 400 {@link ApiException}. */
    public static OpenAiRequest parse(ApiEndpoint endpoint, Buffer body) {
        byte[] bytes = Json.array(body);
        int length = body.length();
        Scan scan = new Scan();
        try (JsonParser json = Json.FACTORY.createParser(bytes, 0, length)) {
            scan.read(json);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorType.INVALID_REQUEST,
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage(), null, "invalid_json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scan.requireFieldsOf(endpoint);
        return new OpenAiRequest(endpoint, body, bytes, length, scan);
    }

    public ApiEndpoint endpoint() {
        return endpoint;
    }

    /** The model alias the client asked for. */
    public String model() {
        return model;
    }

    /** Whether the client asked for a streamed (SSE) answer. */
    public boolean stream() {
        return stream;
    }

    /** Whether the client asked for the usage chunk at the end of a stream. */
    public boolean includeUsage() {
        return includeUsage;
    }

    /** The client's {@code max_tokens} or {@code max_completion_tokens}; -1 when it set none. */
    public long maxTokens() {
        return maxTokens;
    }

    /**
     * A cheap upper-side estimate of the prompt's tokens without tokenizing: a third of the body's bytes (text runs at
     * about four characters per token, and the JSON around it counts too). Reservations use it; the actual count is
     * settled afterwards.
     */
    public long promptTokenEstimate() {
        return (length + 2) / 3;
    }

    /** The whole body as a JSON tree, parsed on first use (for backends that translate the request). */
    public ObjectNode tree() {
        if (tree == null) {
            try {
                tree = (ObjectNode) Json.MAPPER.readTree(body, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tree;
    }

    /**
     * The body for an OpenAI-compatible backend: the client's bytes with the model replaced by
     * {@code upstreamModelJson} (a JSON string literal) and, for a stream where the client did not ask for it,
     * {@code stream_options.include_usage=true} so that the answer carries usage for metering.
     */
    public Buffer bodyFor(byte[] upstreamModelJson) {
        if (!stream || includeUsage) {
            if (Arrays.equals(body, modelStart, modelEnd, upstreamModelJson, 0, upstreamModelJson.length)) {
                return raw;
            }
            return splice(modelStart, modelEnd, upstreamModelJson, length, length, NOTHING);
        }
        boolean hasOptions = streamOptionsStart >= 0;
        // Without stream_options, the field is inserted right after the object's opening brace.
        int usageStart = hasOptions ? streamOptionsStart : objectStart + 1;
        int usageEnd = hasOptions ? streamOptionsEnd : objectStart + 1;
        byte[] usage = hasOptions ? streamOptionsWithUsage() : INCLUDE_USAGE_FIELD;
        return usageStart < modelStart
                ? splice(usageStart, usageEnd, usage, modelStart, modelEnd, upstreamModelJson)
                : splice(modelStart, modelEnd, upstreamModelJson, usageStart, usageEnd, usage);
    }

    /** The body with [aStart, aEnd) replaced by {@code a} and [bStart, bEnd) by {@code b}; a comes before b. */
    private Buffer splice(int aStart, int aEnd, byte[] a, int bStart, int bEnd, byte[] b) {
        return Buffer.buffer(length + a.length + b.length)
                .appendBytes(body, 0, aStart).appendBytes(a)
                .appendBytes(body, aEnd, bStart - aEnd).appendBytes(b)
                .appendBytes(body, bEnd, length - bEnd);
    }

    /** The client's {@code stream_options} (null or an object without include_usage=true) with include_usage set. */
    private byte[] streamOptionsWithUsage() {
        try {
            JsonNode options = Json.MAPPER.readTree(body, streamOptionsStart, streamOptionsEnd - streamOptionsStart);
            if (!(options instanceof ObjectNode object)) {
                return INCLUDE_USAGE_VALUE;
            }
            object.put("include_usage", true);
            return Json.MAPPER.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one pass over the body found. */
    private static final class Scan {
        String model;
        int modelStart = -1;
        int modelEnd = -1;
        int objectStart;
        boolean stream;
        boolean includeUsage;
        int streamOptionsStart = -1;
        int streamOptionsEnd = -1;
        JsonToken messages;
        boolean messagesEmpty;
        JsonToken prompt;
        JsonToken input;
        long maxTokens = -1;

        void read(JsonParser json) throws IOException {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(null, "The request body must be a JSON object");
            }
            objectStart = (int) json.currentTokenLocation().getByteOffset();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "model" -> readModel(json, value);
                    case "stream" -> stream = readBoolean("stream", value);
                    case "stream_options" -> readStreamOptions(json, value);
                    case "messages" -> readMessages(json, value);
                    case "prompt" -> {
                        prompt = value;
                        json.skipChildren();
                    }
                    case "input" -> {
                        input = value;
                        json.skipChildren();
                    }
                    case "max_tokens", "max_completion_tokens" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            maxTokens = Math.max(maxTokens, json.getLongValue());
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw invalid(field, "Invalid type for '" + field + "': expected an integer");
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw invalid(null, "The request body must hold exactly one JSON object");
            }
        }

        private void readModel(JsonParser json, JsonToken value) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                throw invalid("model", "Invalid type for 'model': expected a string");
            }
            modelStart = (int) json.currentTokenLocation().getByteOffset();
            model = json.getText();
            modelEnd = (int) json.currentLocation().getByteOffset();
        }

        private void readStreamOptions(JsonParser json, JsonToken value) throws IOException {
            streamOptionsStart = (int) json.currentTokenLocation().getByteOffset();
            if (value == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    JsonToken option = json.nextToken();
                    if ("include_usage".equals(field)) {
                        includeUsage = readBoolean("stream_options.include_usage", option);
                    } else {
                        json.skipChildren();
                    }
                }
            } else if (value != JsonToken.VALUE_NULL) {
                throw invalid("stream_options", "Invalid type for 'stream_options': expected an object");
            }
            streamOptionsEnd = (int) json.currentLocation().getByteOffset();
        }

        private void readMessages(JsonParser json, JsonToken value) throws IOException {
            messages = value;
            if (value != JsonToken.START_ARRAY) {
                json.skipChildren();
                return;
            }
            JsonToken element = json.nextToken();
            messagesEmpty = element == JsonToken.END_ARRAY;
            while (element != JsonToken.END_ARRAY) {
                json.skipChildren();
                element = json.nextToken();
            }
        }

        private static boolean readBoolean(String param, JsonToken value) {
            if (value == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL) {
                return false;
            }
            throw invalid(param, "Invalid type for '" + param + "': expected a boolean");
        }

        void requireFieldsOf(ApiEndpoint endpoint) {
            if (model == null || model.isBlank()) {
                throw new ApiException(ErrorType.INVALID_REQUEST, "you must provide a model parameter", "model",
                        "missing_required_parameter");
            }
            switch (endpoint) {
                case CHAT -> {
                    require("messages", messages);
                    if (messages != JsonToken.START_ARRAY) {
                        throw invalid("messages", "Invalid type for 'messages': expected an array of messages");
                    }
                    if (messagesEmpty) {
                        throw invalid("messages", "'messages' must contain at least one message");
                    }
                }
                case COMPLETIONS -> require("prompt", prompt);
                case EMBEDDINGS -> require("input", input);
                default -> {
                }
            }
        }

        private static void require(String param, JsonToken value) {
            if (value == null || value == JsonToken.VALUE_NULL) {
                throw new ApiException(ErrorType.INVALID_REQUEST, "Missing required parameter: '" + param + "'.",
                        param, "missing_required_parameter");
            }
        }

        private static ApiException invalid(String param, String message) {
            return new ApiException(ErrorType.INVALID_REQUEST, message, param, "invalid_value");
        }
    }
}
