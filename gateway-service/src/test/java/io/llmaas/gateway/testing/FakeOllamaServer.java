package io.llmaas.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * An Ollama server speaking its native API: {@code /api/chat} and {@code /api/generate} (NDJSON streaming by
 * default, as Ollama does), {@code /api/embed}, and {@code /api/version} as the health probe.
 */
public final class FakeOllamaServer extends FakeModelServer {

    public FakeOllamaServer(Vertx vertx) {
        super(vertx);
    }

    @Override
    protected boolean isProbe(String path) {
        return path.equals("/api/version");
    }

    @Override
    protected void probe(HttpServerResponse response) {
        response.putHeader("content-type", "application/json").end("{\"version\":\"0.5.7\"}");
    }

    @Override
    protected void defaultAnswer(Call call) {
        String model = call.body().path("model").asText();
        switch (call.path()) {
            case "/api/embed" -> {
                int inputs = call.body().path("input").isArray() ? call.body().path("input").size() : 1;
                StringBuilder vectors = new StringBuilder();
                for (int i = 0; i < inputs; i++) {
                    vectors.append(i == 0 ? "" : ",").append("[0.5,-0.25,").append(i).append(".0]");
                }
                call.json(200, "{\"model\":\"" + model + "\",\"embeddings\":[" + vectors
                        + "],\"total_duration\":1000,\"prompt_eval_count\":4}");
            }
            case "/api/chat", "/api/generate" -> {
                boolean chat = call.path().equals("/api/chat");
                if (call.body().path("stream").asBoolean(true)) {
                    HttpServerResponse response = call.response().setChunked(true)
                            .putHeader("content-type", "application/x-ndjson");
                    for (String piece : new String[] {"Hello", " from", " ollama"}) {
                        response.write(line(model, chat, piece, false) + "\n");
                    }
                    response.end(line(model, chat, "", true) + "\n");
                } else {
                    call.json(200, line(model, chat, "Hello from ollama", true));
                }
            }
            default -> call.json(404, "{\"error\":\"unknown path\"}");
        }
    }

    /** One NDJSON line of Ollama's answer; the done line carries the counts. */
    public static String line(String model, boolean chat, String text, boolean done) {
        String content = chat ? "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}"
                : "\"response\":\"" + text + "\"";
        String end = done ? ",\"done_reason\":\"stop\",\"total_duration\":5000,\"prompt_eval_count\":12,"
                + "\"eval_count\":5" : "";
        return "{\"model\":\"" + model + "\",\"created_at\":\"2024-07-01T10:00:00.000Z\"," + content
                + ",\"done\":" + done + end + "}";
    }
}
