package io.llmaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.contracts.internal.RoutingTable.ModelRoute;

/** The routing file: the gateway's format, LiteLLM's config.yaml, the shipped default, and the errors. */
class RoutingFileTest {

    private static final Map<String, String> ENV = Map.of("OLLAMA_URL", "http://gpu-7:11434", "OPENAI_API_KEY",
            "sk-from-env", "LLMAAS_OLLAMA_URL_2", "http://gpu-2:11434");
    private static final Function<String, Optional<String>> LOOKUP = name -> Optional.ofNullable(ENV.get(name));

    @Test
    void readsTheGatewaysFormat() {
        RoutingTable table = RoutingFile.parse("""
                router:
                  strategy: round-robin
                models:
                  - alias: llama
                    description: Llama on two servers
                    capabilities: [chat, completions]
                    context-window: 8192
                    price: {input-per-1m: 0.25, output-per-1m: 0.5}
                    fallbacks: [gpt]
                    deployments:
                      - backend: ollama
                        base-url: ${OLLAMA_URL}
                        model: llama3:8b
                        rpm: 60
                        timeouts: {connect: 2s, first-byte: 90s, idle: 500ms}
                      - id: llama-spare
                        backend: ollama
                        base-url: ${SPARE_URL:http://spare:11434}
                        model: llama3:8b
                        weight: 3
                  - alias: gpt
                    strategy: lowest-latency
                    restricted: true
                    deployments:
                      - {backend: openai, base-url: "https://api.openai.com/v1", model: gpt-4o-mini, api-key: os.environ/OPENAI_API_KEY}
                """, LOOKUP);

        ModelRoute llama = table.models().get(0);
        assertThat(llama.alias()).isEqualTo("llama");
        assertThat(llama.strategy()).isEqualTo("round-robin");
        assertThat(llama.capabilities()).containsExactly("chat", "completions");
        assertThat(llama.contextWindow()).isEqualTo(8192);
        assertThat(llama.inputPricePer1M()).isEqualByComparingTo("0.25");
        assertThat(llama.fallbacks()).containsExactly("gpt");
        assertThat(llama.deployments()).containsExactly(
                new DeploymentRoute("llama/1", "ollama", "http://gpu-7:11434", "llama3:8b", 1, null, 60L, null, 2000,
                        90_000, 500),
                new DeploymentRoute("llama-spare", "ollama", "http://spare:11434", "llama3:8b", 3, null, null, null,
                        null, null, null));
        ModelRoute gpt = table.models().get(1);
        assertThat(gpt.strategy()).isEqualTo("lowest-latency");
        assertThat(gpt.restricted()).isTrue();
        assertThat(gpt.enabled()).isTrue();
        assertThat(gpt.deployments().get(0).apiKey()).isEqualTo("sk-from-env");
    }

    @Test
    void importsLiteLlmsConfig() {
        RoutingTable table = RoutingFile.parse("""
                model_list:
                  - model_name: llama3
                    litellm_params:
                      model: ollama/llama3:8b-instruct-q8_0
                      api_base: http://hx-llm01:11434
                      rpm: 100
                  - model_name: llama3
                    litellm_params:
                      model: ollama_chat/llama3:8b-instruct-q8_0
                      api_base: os.environ/OLLAMA_URL
                      weight: 2
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: os.environ/OPENAI_API_KEY
                      tpm: 30000
                    model_info:
                      id: gpt-4o-primary
                      input_cost_per_token: 0.0000025
                      output_cost_per_token: 0.00001
                      max_input_tokens: 128000
                  - model_name: embedder
                    litellm_params:
                      model: hosted_vllm/BAAI/bge-m3
                      api_base: http://vllm:8000/v1
                    model_info:
                      mode: embedding
                router_settings:
                  routing_strategy: simple-shuffle
                  fallbacks: [{"llama3": ["gpt-4o"]}]
                general_settings:
                  master_key: sk-ignored
                litellm_settings:
                  drop_params: true
                """, LOOKUP);

        assertThat(table.models()).extracting(ModelRoute::alias).containsExactly("llama3", "gpt-4o", "embedder");
        ModelRoute llama = table.models().get(0);
        assertThat(llama.strategy()).isEqualTo("weighted");
        assertThat(llama.fallbacks()).containsExactly("gpt-4o");
        assertThat(llama.capabilities()).containsExactly("chat", "completions");
        assertThat(llama.deployments()).containsExactly(
                new DeploymentRoute("llama3/1", "ollama", "http://hx-llm01:11434", "llama3:8b-instruct-q8_0", 1, null,
                        100L, null, null, null, null),
                new DeploymentRoute("llama3/2", "ollama", "http://gpu-7:11434", "llama3:8b-instruct-q8_0", 2, null,
                        null, null, null, null, null));
        ModelRoute gpt = table.models().get(1);
        assertThat(gpt.inputPricePer1M()).isEqualByComparingTo("2.5");
        assertThat(gpt.outputPricePer1M()).isEqualByComparingTo("10");
        assertThat(gpt.contextWindow()).isEqualTo(128000);
        assertThat(gpt.deployments()).containsExactly(new DeploymentRoute("gpt-4o-primary", "openai",
                "https://api.openai.com/v1", "gpt-4o", 1, "sk-from-env", null, 30000L, null, null, null));
        ModelRoute embedder = table.models().get(2);
        assertThat(embedder.capabilities()).containsExactly("embeddings");
        assertThat(embedder.deployments().get(0).upstreamModel()).isEqualTo("BAAI/bge-m3");
    }

    @Test
    void theShippedFileHoldsTheSeedsModelsOnTwoOllamaHostsAndTheDemoModel() throws IOException {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("gateway-routing.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        RoutingTable table = RoutingFile.parse(yaml, LOOKUP);

        assertThat(table.models()).extracting(ModelRoute::alias)
                .containsExactly("phi3-3.8b", "llama3-8b", "llama3.1-8b", "mistral-7b", "gemma2-9b", "demo");
        for (ModelRoute model : table.models().subList(0, 5)) {
            assertThat(model.strategy()).isEqualTo("least-busy");
            assertThat(model.inputPricePer1M()).isPositive();
            assertThat(model.deployments()).extracting(DeploymentRoute::backend).containsOnly("ollama");
            // LLMAAS_OLLAMA_URL_2 is set, LLMAAS_OLLAMA_URL_1 is not: the default applies to the first host.
            assertThat(model.deployments()).extracting(DeploymentRoute::baseUrl)
                    .containsExactly("http://hx-llm01-server.dev-test.hana-x.ai:11434", "http://gpu-2:11434");
        }
        assertThat(table.models().get(0).deployments().get(0).upstreamModel())
                .isEqualTo("phi3:3.8b-mini-128k-instruct-q8_0");
        assertThat(table.models().get(1).deployments().get(1).upstreamModel()).isEqualTo("llama3:8b-instruct-q8_0");
        ModelRoute demo = table.models().get(5);
        assertThat(demo.deployments()).extracting(DeploymentRoute::backend).containsExactly("mock");
        assertThat(demo.inputPricePer1M()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void refusesMistakesNamingWhereTheyAre() {
        assertInvalid("models:\n  - alias: a\n    deploymnets: []\n", "models[0].deploymnets: unknown key");
        assertInvalid("models:\n  - alias: a\n    deployments: [{backend: vllm, base-url: 'http://x', model: m}]\n",
                "models[0].deployments[0].backend: unknown backend 'vllm'");
        assertInvalid("models:\n  - alias: a\n    strategy: random\n    deployments: [{backend: mock}]\n",
                "models[0].strategy: unknown strategy 'random'");
        assertInvalid("models:\n  - alias: a\n    fallbacks: [b]\n    deployments: [{backend: mock}]\n",
                "fallback 'b' is not another model");
        assertInvalid("models:\n  - alias: a\n    deployments: [{backend: mock}]\n  - alias: a\n    deployments: "
                + "[{backend: mock}]\n", "model 'a' is defined twice");
        assertInvalid("models:\n  - alias: a\n    deployments: [{backend: openai, base-url: '${NOT_SET}', model: m}]\n",
                "models[0].deployments[0].base-url: NOT_SET is not set");
        assertInvalid("models:\n  - alias: a\n    deployments: [{backend: openai, base-url: 'gpu-1:8000', model: m}]\n",
                "must start with http");
        assertInvalid("model_list:\n  - model_name: c\n    litellm_params: {model: anthropic/claude-3}\n",
                "provider 'anthropic' is not supported");
        assertInvalid("models: [unclosed", "not valid YAML");
    }

    @Test
    void aMissingSecretIsNamed() {
        assertThatThrownBy(() -> RoutingFile.parse("models:\n  - alias: a\n    deployments: [{backend: openai, "
                + "base-url: 'http://x/v1', model: m, api-key: os.environ/MISSING_KEY}]\n", LOOKUP))
                .hasMessageContaining("MISSING_KEY is not set");
    }

    private static void assertInvalid(String yaml, String message) {
        assertThatThrownBy(() -> RoutingFile.parse(yaml, LOOKUP))
                .isInstanceOf(RoutingFile.InvalidRoutingFile.class).hasMessageContaining(message);
    }
}
