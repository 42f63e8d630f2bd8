package io.llmaas.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SecretRedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void apiKeysAndBearerTokensAreRedactedInsideText() {
        assertThat(SecretRedactor.redactText("created sk-fake_Fixture-x1 for ci"))
                .isEqualTo("created sk-[redacted] for ci");
        assertThat(SecretRedactor.redactText("Authorization: Bearer sha256~abcdefghijklmnop"))
                .isEqualTo("Authorization: Bearer [redacted]");
        assertThat(SecretRedactor.redactText("risk-based sk-ab stays")).isEqualTo("risk-based sk-ab stays");
        assertThat(SecretRedactor.redactText(null)).isNull();
    }

    @Test
    void secretFieldsAreRedactedAtAnyDepthButKeyMetadataStays() throws Exception {
        JsonNode redacted = SecretRedactor.redact(JSON.readTree("""
                {"key":"anything","key_alias":"ci","key_prefix":"sk-ab","max_tokens":100,"tpm_limit":5,
                 "upstream":{"api_key":"ollama-secret","apiBase":"http://ollama:11434","password":"x"},
                 "list":[{"token":"t"},"Bearer abcdefghijk"],"client_secret":null}"""));
        assertThat(redacted.get("key").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("key_alias").asText()).isEqualTo("ci");
        assertThat(redacted.get("key_prefix").asText()).isEqualTo("sk-ab");
        assertThat(redacted.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(redacted.get("tpm_limit").asInt()).isEqualTo(5);
        assertThat(redacted.get("upstream").get("api_key").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("upstream").get("password").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("upstream").get("apiBase").asText()).isEqualTo("http://ollama:11434");
        assertThat(redacted.get("list").get(0).get("token").asText()).isEqualTo("[redacted]");
        assertThat(redacted.get("list").get(1).asText()).isEqualTo("Bearer [redacted]");
        assertThat(redacted.get("client_secret").isNull()).isTrue();
    }

    @Test
    void theOriginalDocumentIsLeftAlone() throws Exception {
        JsonNode original = JSON.readTree("{\"token\":\"abc\"}");
        SecretRedactor.redact(original);
        assertThat(original.get("token").asText()).isEqualTo("abc");
        assertThat(SecretRedactor.redact(null)).isNull();
    }
}
