package io.llmaas.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.api.Json;
import io.vertx.core.buffer.Buffer;

/** The tokenizer fallback: real BPE counts of prompts, answers and what a stream had sent. */
class TokenCounterTest {

    @Test
    void countsWithARealTokenizer() {
        assertThat(TokenCounter.count("Hello world")).isEqualTo(2);
        assertThat(TokenCounter.count("")).isZero();
    }

    @Test
    void countsPromptsOfEveryEndpoint() throws Exception {
        long chat = TokenCounter.prompt(ApiEndpoint.CHAT, Json.MAPPER.readTree(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello world\"}]}]}"));
        // Two messages of 2 tokens, their roles (1 each), 4 per message and 3 to prime the reply.
        assertThat(chat).isEqualTo(2 * (2 + 1 + 4) + 3);
        assertThat(TokenCounter.prompt(ApiEndpoint.COMPLETIONS, Json.MAPPER.readTree("{\"prompt\":\"Hello world\"}")))
                .isEqualTo(2);
        assertThat(TokenCounter.prompt(ApiEndpoint.EMBEDDINGS,
                Json.MAPPER.readTree("{\"input\":[\"Hello world\",\"Hello\"]}"))).isEqualTo(3);
    }

    @Test
    void countsWhatAStreamSentAndWhatAnAnswerSaid() {
        StreamedText events = new StreamedText();
        events.add(Buffer.buffer("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\" world\"}}]}\n\n"));
        events.add(Buffer.buffer("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
        assertThat(TokenCounter.streamed(events)).isEqualTo(2);
        assertThat(TokenCounter.answer(Buffer.buffer(
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hello world\"}}]}"))).isEqualTo(2);
        assertThat(TokenCounter.streamed(new StreamedText())).isZero();
    }

    @Test
    void aLongStreamKeepsItsTextNotItsEvents() {
        StreamedText streamed = new StreamedText();
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            String word = (i % 7 == 0 ? "\\\"quoted\\\" " : " word") + i;
            streamed.add(Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word
                    + "\"},\"finish_reason\":null}]}\n\n"));
            sent.append(word.replace("\\\"", "\""));
            assertThat(streamed.rawBytes()).isLessThanOrEqualTo(StreamedText.RAW_LIMIT);
        }

        assertThat(streamed.text()).isEqualTo(sent.toString());
        assertThat(TokenCounter.streamed(streamed)).isEqualTo(TokenCounter.count(sent.toString()));
    }
}
