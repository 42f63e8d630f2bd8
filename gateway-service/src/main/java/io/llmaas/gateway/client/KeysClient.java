package io.llmaas.gateway.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.internal.ChangeFeed;
import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.gateway.client.KeysRestClient.UnknownKeyException;
import io.llmaas.gateway.metering.PlatformMetrics;
import io.llmaas.gateway.metering.PlatformMetrics.KeysOperation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * keys-service as the gateway uses it, each call time-boxed and counted by operation. None of these is made per
 * request in steady state: verify only on a cache miss, leases when a local slice runs out; those two, which a request
 * may wait for, go through the REST client behind a circuit breaker, so an unreachable keys-service costs a fast
 * failure rather than a pile of waiting requests. The changes feed and the lease reports, which background threads
 * make several times a second, go through {@link InternalHttp}.
 */
@ApplicationScoped
public class KeysClient {

    /** The background calls' time limit, as the REST client's timeout was. */
    private static final Duration BACKGROUND_TIMEOUT = Duration.ofSeconds(5);

    private final KeysRestClient rest;
    private final InternalHttp http;
    private final String url;
    private final ObjectMapper mapper;
    private final PlatformMetrics metrics;

    KeysClient(@RestClient KeysRestClient rest, InternalHttp http,
            @ConfigProperty(name = "quarkus.rest-client.keys.url") String url, ObjectMapper mapper,
            PlatformMetrics metrics) {
        this.rest = rest;
        this.http = http;
        this.url = url;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /** The principal of a key hash (a cache miss); empty when keys-service knows no such key. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 2, delayUnit = ChronoUnit.SECONDS)
    public CompletionStage<Optional<KeyPrincipal>> verify(String keyHash) {
        return verify(keyHash, KeysOperation.VERIFY);
    }

    /** The same for a cached key the changes feed said changed: counted apart, it is not caused by a request. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public CompletionStage<Optional<KeyPrincipal>> refresh(String keyHash) {
        return verify(keyHash, KeysOperation.REFRESH);
    }

    private CompletionStage<Optional<KeyPrincipal>> verify(String keyHash, KeysOperation operation) {
        return counted(operation, rest.verify(new KeyVerifyRequest(keyHash)))
                .thenApply(Optional::of)
                .exceptionallyCompose(failure -> unwrap(failure) instanceof UnknownKeyException
                        ? CompletableFuture.completedFuture(Optional.empty())
                        : CompletableFuture.failedFuture(unwrap(failure)));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    public RoutingTable routing() {
        try {
            RoutingTable table = rest.routing();
            metrics.keysCall(KeysOperation.ROUTING, true);
            return table;
        } catch (RuntimeException e) {
            metrics.keysCall(KeysOperation.ROUTING, false);
            throw e;
        }
    }

    /** The changes feed after {@code after}; blocks (the poller thread only). */
    public ChangeFeed changes(long after, int limit) {
        try {
            Buffer answer = http.call(HttpMethod.GET, url, InternalApi.KEYS_CHANGES + "?after=" + after + "&limit="
                    + limit, null, BACKGROUND_TIMEOUT);
            ChangeFeed feed = mapper.readValue(answer.getBytes(), ChangeFeed.class);
            metrics.keysCall(KeysOperation.CHANGES, true);
            return feed;
        } catch (IOException e) {
            metrics.keysCall(KeysOperation.CHANGES, false);
            throw new UncheckedIOException("keys-service's changes feed is not JSON", e);
        } catch (RuntimeException e) {
            metrics.keysCall(KeysOperation.CHANGES, false);
            throw e;
        }
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 2, delayUnit = ChronoUnit.SECONDS)
    public CompletionStage<LeaseResponse> lease(LeaseRequest request) {
        return counted(KeysOperation.LEASES, rest.lease(request));
    }

    /** Consumption reports; blocks (the lease maintainer's thread only). */
    public void report(LeaseReport report) {
        try {
            http.call(HttpMethod.POST, url, InternalApi.KEYS_LEASES_REPORT,
                    Buffer.buffer(mapper.writeValueAsBytes(report)), BACKGROUND_TIMEOUT);
            metrics.keysCall(KeysOperation.REPORT, true);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            metrics.keysCall(KeysOperation.REPORT, false);
            throw e;
        }
    }

    private <T> CompletionStage<T> counted(KeysOperation operation, CompletionStage<T> call) {
        return call.whenComplete((result, failure) -> metrics.keysCall(operation,
                failure == null || unwrap(failure) instanceof UnknownKeyException));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
