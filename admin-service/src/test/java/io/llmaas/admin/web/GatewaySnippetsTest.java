package io.llmaas.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewaySnippetsTest {

    @Test
    void theBaseUrlEndsWithV1Once() {
        assertThat(GatewaySnippets.baseUrl("http://127.0.0.1:4000")).isEqualTo("http://127.0.0.1:4000/v1");
        assertThat(GatewaySnippets.baseUrl("https://gw.example.com/")).isEqualTo("https://gw.example.com/v1");
        assertThat(GatewaySnippets.baseUrl("https://gw.example.com/v1")).isEqualTo("https://gw.example.com/v1");
    }

    @Test
    void snippetsUseTheModelAndNeverAKey() {
        assertThat(GatewaySnippets.forModel("https://gw/v1", "phi3-3.8b")).allSatisfy(snippet -> {
            assertThat(snippet.code()).contains("phi3-3.8b").contains("https://gw/v1").contains("LLMAAS_API_KEY")
                    .doesNotContain("sk-");
        });
    }

    @Test
    void onlyModelNamesThatCannotBreakTheSnippetsAreAccepted() {
        assertThat(GatewaySnippets.isValidModel("llama3.1-8b")).isTrue();
        assertThat(GatewaySnippets.isValidModel("ollama/llama3:8b-instruct-q8_0")).isTrue();
        assertThat(GatewaySnippets.isValidModel("x\"); import os")).isFalse();
        assertThat(GatewaySnippets.isValidModel("")).isFalse();
    }
}
