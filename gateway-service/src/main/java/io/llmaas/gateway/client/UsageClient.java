package io.llmaas.gateway.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.gateway.metering.PlatformMetrics;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * usage-service's ingest, called from the metering thread only (never from a request), through {@link InternalHttp}.
 * Not retried here: a failed batch goes to the spool and is replayed in order, which ingest's idempotency by request id
 * makes harmless.
 */
@ApplicationScoped
public class UsageClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final InternalHttp http;
    private final String url;
    private final PlatformMetrics metrics;

    UsageClient(InternalHttp http, @ConfigProperty(name = "quarkus.rest-client.usage.url") String url,
            PlatformMetrics metrics) {
        this.http = http;
        this.url = url;
        this.metrics = metrics;
    }

    /**
     * Sends one batch, already JSON ({@code UsageBatch}): the first {@code length} bytes of {@code batchJson}, sent
     * from the array itself (no copy). The caller keeps it unchanged until this returns, and for good when this
     * throws: a call that failed or timed out may still be writing it.
     *
     * @throws InternalHttp.InternalCallException when usage-service did not accept it (400: never will)
     */
    public void ingest(byte[] batchJson, int length) {
        try {
            http.call(HttpMethod.POST, url, InternalApi.USAGE_EVENTS,
                    Buffer.buffer(Unpooled.wrappedBuffer(batchJson, 0, length)), TIMEOUT);
            metrics.usageCall(true);
        } catch (RuntimeException e) {
            metrics.usageCall(false);
            throw e;
        }
    }
}
