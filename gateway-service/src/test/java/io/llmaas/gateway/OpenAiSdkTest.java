package io.llmaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;

import io.llmaas.gateway.testing.Behaviors;
import io.llmaas.gateway.testing.FakeBackends;
import io.llmaas.gateway.testing.FakeBackendsResource;
import io.llmaas.gateway.testing.InjectFakeBackends;
import io.llmaas.gateway.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The official OpenAI Java SDK against the running gateway, as a developer would use it: it must parse every answer
 * (translated ones included) and map every error status to its exception class.
 */
@QuarkusTest
@WithTestResource(FakeBackendsResource.class)
class OpenAiSdkTest {

    @InjectFakeBackends
    FakeBackends fakes;

    @TestHTTPResource("/v1")
    URL gateway;

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        fakes.reset();
        client = connect(SseClient.MASTER_KEY);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void chat() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama-ollama").addSystemMessage("Be brief.").addUserMessage("Hi").maxCompletionTokens(16)
                .build());

        assertThat(completion.model()).isEqualTo("llama-ollama");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from ollama");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(12);
        assertThat(fakes.ollama().lastReceived().body().path("options").path("num_predict").asInt()).isEqualTo(16);
    }

    @Test
    void stream() {
        for (String model : List.of("llama-ollama", "gpt-fake")) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                chunks = stream.stream().collect(Collectors.toList());
            }

            String text = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
            assertThat(text).startsWith("Hello from ");
            assertThat(chunks).last().satisfies(chunk -> assertThat(chunk.usage()).isPresent());
        }
    }

    @Test
    void models() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("gpt-fake", "llama-ollama", "demo");

        Model demo = client.models().retrieve("demo");
        assertThat(demo.id()).isEqualTo("demo");
        assertThat(demo.ownedBy()).isEqualTo("llmaas");
    }

    @Test
    void embeddings() {
        for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.FLOAT,
                EmbeddingCreateParams.EncodingFormat.BASE64)) {
            CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("llama-ollama").input("hello").encodingFormat(format).build());

            assertThat(response.data()).hasSize(1);
            assertThat(response.data().get(0).embedding()).containsExactly(0.5f, -0.25f, 0.0f);
            assertThat(response.usage().promptTokens()).isEqualTo(4);
        }
    }

    @Test
    void errorsMapToTheMatchingExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.code()).hasValue("model_not_found"));

        OpenAIClient wrongKey = connect("sk-wrong");
        try {
            assertThatThrownBy(() -> wrongKey.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }

        fakes.openai().on("rejecting-model", Behaviors.json(400,
                "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\"}}"));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("rejecting").addUserMessage("Hi").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("bad temperature");

        fakes.openai().on("rejecting-model", Behaviors.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("rejecting").addUserMessage("Hi").build()))
                .isInstanceOf(RateLimitException.class);

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("unreachable").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    private OpenAIClient connect(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(key).maxRetries(0).build();
    }
}
