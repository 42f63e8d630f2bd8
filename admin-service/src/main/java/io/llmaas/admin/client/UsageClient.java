package io.llmaas.admin.client;

import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.llmaas.contracts.error.ApiException;

/**
 * usage-service, as admin-service calls it: every call is a read, bounded in time, retried once, behind a circuit
 * breaker; its refusals (400) are results. A call that finally fails becomes a 503 naming usage-service.
 */
@ApplicationScoped
@PlatformService("usage-service")
@Timeout(value = 5, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
        skipOn = ApiException.class)
public class UsageClient {

    private final UsageRestClient rest;

    public UsageClient(@RestClient UsageRestClient rest) {
        this.rest = rest;
    }

    public UsageApi.Summary summary(String actingUser, UsageQuery q) {
        return rest.summary(actingUser, q.fromText(), q.toText(), q.keyId(), q.userId(), q.teamId(), q.model());
    }

    /** The top {@code limit} groups by cost; {@code by}: key, user, team or model. */
    public UsageApi.Breakdown breakdown(String actingUser, UsageQuery q, String by, int limit) {
        return rest.breakdown(actingUser, q.fromText(), q.toText(), q.keyId(), q.userId(), q.teamId(), q.model(), by,
                limit);
    }

    /** {@code granularity}: hour or day. */
    public UsageApi.Series timeseries(String actingUser, UsageQuery q, String granularity) {
        return rest.timeseries(actingUser, q.fromText(), q.toText(), q.keyId(), q.userId(), q.teamId(), q.model(),
                granularity, null);
    }

    /**
     * The raw events as CSV, as usage-service streams them: the caller copies the stream to its own response and
     * closes it. Only getting the answer started is bounded and retried; the copy runs as long as the data flows.
     */
    public InputStream exportCsv(String actingUser, UsageQuery q) {
        return rest.exportCsv(actingUser, q.fromText(), q.toText(), q.keyId(), q.userId(), q.teamId(), q.model(),
                "csv");
    }

    /** Budget alerts, newest first; {@code state}: pending, delivered, failed or no_webhook (null: all). */
    public List<UsageApi.Alert> alerts(String actingUser, String state, int limit) {
        return rest.alerts(actingUser, state, null, limit);
    }
}
