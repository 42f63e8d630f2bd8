package io.llmaas.gateway.platform;

import java.util.concurrent.atomic.AtomicInteger;

import io.llmaas.gateway.testing.FakeModelServer;
import io.llmaas.gateway.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** What the fake model servers do for the models of the cross-service tests beyond their default answers. */
final class FakeBehaviors {

    /** Answers without any usage, streamed or not (as some OpenAI-compatible servers do). */
    static final String NO_USAGE_MODEL = "upstream-no-usage";
    /** Answers after 300 ms: requests overlap, for max-parallel limits. */
    static final String SLOW_MODEL = "upstream-slow";
    /** Streams one chunk every 100 ms, twenty of them, so a client can go away in the middle. */
    static final String LONG_STREAM_MODEL = "upstream-long-stream";

    private FakeBehaviors() {
    }

    static void install(FakeOpenAiServer openai) {
        openai.on(NO_USAGE_MODEL, FakeBehaviors::withoutUsage);
        openai.on(SLOW_MODEL, FakeBehaviors::slow);
        openai.on(LONG_STREAM_MODEL, FakeBehaviors::longStream);
    }

    private static void withoutUsage(FakeModelServer.Call call) {
        String model = call.body().path("model").asText();
        if (call.body().path("stream").asBoolean(false)) {
            HttpServerResponse response = call.response().setChunked(true).putHeader("content-type",
                    "text/event-stream");
            for (String piece : new String[] {"Counted", " by", " the", " gateway"}) {
                response.write(FakeOpenAiServer.chunk(model, true, piece, false));
            }
            response.end("data: [DONE]\n\n");
            return;
        }
        call.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"Counted by the gateway\"},\"finish_reason\":\"stop\"}]}");
    }

    /** Requests of the slow model being answered now, and the most there ever were at once. */
    static final AtomicInteger SLOW_IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger SLOW_MAX_IN_FLIGHT = new AtomicInteger();

    private static void slow(FakeModelServer.Call call) {
        int now = SLOW_IN_FLIGHT.incrementAndGet();
        SLOW_MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
        Vertx.currentContext().owner().setTimer(300, timer -> {
            SLOW_IN_FLIGHT.decrementAndGet();
            call.answerByDefault();
        });
    }

    private static void longStream(FakeModelServer.Call call) {
        String model = call.body().path("model").asText();
        boolean includeUsage = call.body().path("stream_options").path("include_usage").asBoolean(false);
        HttpServerResponse response = call.response().setChunked(true).putHeader("content-type",
                "text/event-stream");
        Vertx vertx = Vertx.currentContext().owner();
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(100, timer -> {
            if (response.closed()) {
                vertx.cancelTimer(timer);
                return;
            }
            if (sent.incrementAndGet() <= 20) {
                response.write(FakeOpenAiServer.chunk(model, true, " word" + sent.get(), includeUsage));
                return;
            }
            vertx.cancelTimer(timer);
            if (includeUsage) {
                response.write("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                        + "\"completion_tokens\":40,\"total_tokens\":49}}\n\n");
            }
            response.end("data: [DONE]\n\n");
        });
    }
}
