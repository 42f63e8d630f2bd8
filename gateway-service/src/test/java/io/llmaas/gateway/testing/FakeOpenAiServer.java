package io.llmaas.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * An OpenAI-compatible model server: {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}
 * (streaming included) and {@code /v1/models} as its health probe. By default it answers "Hello from
 * &lt;model&gt;" with usage 11 prompt + 7 completion tokens, as OpenAI and vLLM do: on streams the usage chunk comes
 * only when {@code stream_options.include_usage} asked for it.
 */
public final class FakeOpenAiServer extends FakeModelServer {

    public static final int PROMPT_TOKENS = 11;
    public static final int COMPLETION_TOKENS = 7;
    public static final int EMBEDDING_TOKENS = 3;

    public FakeOpenAiServer(Vertx vertx) {
        super(vertx);
    }

    /** The base URL deployments use (OpenAI's base URL includes /v1). */
    @Override
    public String url() {
        return super.url() + "/v1";
    }

    @Override
    protected boolean isProbe(String path) {
        return path.equals("/v1/models");
    }

    @Override
    protected void probe(HttpServerResponse response) {
        response.putHeader("content-type", "application/json").end("{\"object\":\"list\",\"data\":[]}");
    }

    @Override
    protected void defaultAnswer(Call call) {
        String model = call.body().path("model").asText();
        if (call.path().endsWith("/embeddings")) {
            call.json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                    + "\"embedding\":[0.5,-0.25,0.125]}],\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":"
                    + EMBEDDING_TOKENS + ",\"total_tokens\":" + EMBEDDING_TOKENS + "}}");
            return;
        }
        boolean chat = call.path().endsWith("/chat/completions");
        if (call.body().path("stream").asBoolean(false)) {
            stream(call, model, chat);
            return;
        }
        String choice = chat
                ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from " + model
                        + "\"},\"finish_reason\":\"stop\"}"
                : "{\"index\":0,\"text\":\"Hello from " + model + "\",\"finish_reason\":\"stop\"}";
        call.json(200, "{\"id\":\"fake-1\",\"object\":\"" + (chat ? "chat.completion" : "text_completion")
                + "\",\"created\":1,\"model\":\"" + model + "\",\"choices\":[" + choice + "],\"usage\":"
                + usage() + "}");
    }

    /** The default stream: three content chunks, the usage chunk if asked for, [DONE]; one write per event. */
    private static void stream(Call call, String model, boolean chat) {
        boolean includeUsage = call.body().path("stream_options").path("include_usage").asBoolean(false);
        HttpServerResponse response = call.response().setChunked(true).putHeader("content-type",
                "text/event-stream");
        for (String piece : new String[] {"Hello", " from", " " + model}) {
            response.write(chunk(model, chat, piece, includeUsage));
        }
        if (includeUsage) {
            response.write("data: {\"id\":\"fake-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
                    + model + "\",\"choices\":[],\"usage\":" + usage() + "}\n\n");
        }
        response.end("data: [DONE]\n\n");
    }

    /** One SSE content event; with include_usage, OpenAI puts "usage":null on every chunk but the last. */
    public static String chunk(String model, boolean chat, String piece, boolean usageNull) {
        String choice = chat ? "{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}"
                : "{\"index\":0,\"text\":\"" + piece + "\",\"finish_reason\":null}";
        return "data: {\"id\":\"fake-1\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
                + "\",\"created\":1,\"model\":\"" + model + "\",\"choices\":[" + choice + "]"
                + (usageNull ? ",\"usage\":null" : "") + "}\n\n";
    }

    private static String usage() {
        return "{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
                + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}";
    }
}
