package io.llmaas.bench;

import java.util.concurrent.CountDownLatch;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;

/**
 * A paced OpenAI-compatible model server for the stall test: a streamed chat completion is a role chunk at once, then
 * {@code --chunks} content chunks every {@code --pacing-ms}, a usage chunk and {@code [DONE]}; a non-streamed one is
 * answered at once. {@code GET …/models} answers the gateway's health check. Runs until killed.
 */
final class PacedSseMock {

    private PacedSseMock() {
    }

    static void run(Options o) throws Exception {
        int port = o.integer("port", 18102);
        int chunks = o.integer("chunks", 50);
        long pacing = o.integer("pacing-ms", 100);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.integer("event-loops", 1)));
        Buffer role = sse("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}");
        Buffer token = sse("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"},"
                + "\"finish_reason\":null}]}");
        Buffer last = sse("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                .appendBuffer(sse("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":"
                        + chunks + ",\"total_tokens\":" + (10 + chunks) + "}}"))
                .appendBuffer(Buffer.buffer("data: [DONE]\n\n"));
        Buffer completion = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"Hello from the benchmark mock.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":6,\"total_tokens\":16}}");
        Buffer models = Buffer.buffer("{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}");
        CountDownLatch started = new CountDownLatch(1);
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setAcceptBacklog(4096))
                .requestHandler(req -> {
                    HttpServerResponse resp = req.response();
                    if (req.path().endsWith("/models")) {
                        resp.putHeader("Content-Type", "application/json").end(models);
                        return;
                    }
                    req.body().onSuccess(b -> {
                        if (!b.toString().replace(" ", "").contains("\"stream\":true")) {
                            resp.putHeader("Content-Type", "application/json").end(completion);
                            return;
                        }
                        resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
                        resp.write(role);
                        int[] sent = { 0 };
                        long timer = vertx.setPeriodic(pacing, id -> {
                            if (++sent[0] < chunks) {
                                resp.write(token);
                            } else {
                                vertx.cancelTimer(id);
                                resp.end(token.copy().appendBuffer(last));
                            }
                        });
                        resp.closeHandler(v -> vertx.cancelTimer(timer));
                    });
                })
                .listen(port, "127.0.0.1")
                .onSuccess(s -> started.countDown())
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        started.await();
        System.out.printf("sse-mock on 127.0.0.1:%d, %d chunks every %d ms%n", port, chunks, pacing);
    }

    private static Buffer sse(String json) {
        return Buffer.buffer("data: " + json + "\n\n");
    }
}
