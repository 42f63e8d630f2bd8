package io.llmaas.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** A deployment's address, credentials and timeouts, resolved once; its key never shows in a log line. */
class UpstreamTargetTest {

    private static final GatewayConfig.Upstream DEFAULTS = new GatewayConfig.Upstream() {
        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration firstByteTimeout() {
            return Duration.ofSeconds(120);
        }

        @Override
        public Duration idleTimeout() {
            return Duration.ofSeconds(60);
        }

        @Override
        public int maxConnectionsPerHost() {
            return 256;
        }

        @Override
        public Duration keepAliveTimeout() {
            return Duration.ofSeconds(60);
        }
    };

    @Test
    void buildsRequestsBelowTheBaseUrlWithTheUpstreamKey() {
        UpstreamTarget target = UpstreamTarget.of(new DeploymentRoute("gpt/1", "openai", "https://api.example.com/v1/",
                "gpt-4o \"mini\"", 1, "sk-upstream-secret", null, null, null, 30_000, null), DEFAULTS);

        RequestOptions options = target.request(HttpMethod.POST, "/chat/completions");

        assertThat(options.getHost()).isEqualTo("api.example.com");
        assertThat(options.getPort()).isEqualTo(443);
        assertThat(options.isSsl()).isTrue();
        assertThat(options.getURI()).isEqualTo("/v1/chat/completions");
        assertThat(options.getHeaders().get("Authorization")).isEqualTo("Bearer sk-upstream-secret");
        assertThat(new String(target.upstreamModelJson())).isEqualTo("\"gpt-4o \\\"mini\\\"\"");
        assertThat(target.firstByteTimeoutMs()).isEqualTo(30_000);
        assertThat(target.connectTimeoutMs()).isEqualTo(5_000);
        assertThat(target.idleTimeoutMs()).isEqualTo(60_000);
        assertThat(target.toString()).contains("gpt/1").doesNotContain("sk-upstream-secret");
    }

    @Test
    void sendsNoCredentialsWhenTheDeploymentHasNone() {
        UpstreamTarget target = UpstreamTarget.of(new DeploymentRoute("llama/1", "ollama", "http://gpu-1:11434",
                "llama3:8b", 1, null, null, null, null, null, null), DEFAULTS);

        RequestOptions options = target.request(HttpMethod.POST, "/api/chat");

        assertThat(options.getPort()).isEqualTo(11434);
        assertThat(options.isSsl()).isFalse();
        assertThat(options.getURI()).isEqualTo("/api/chat");
        assertThat(options.getHeaders() == null || options.getHeaders().get("Authorization") == null).isTrue();
    }
}
