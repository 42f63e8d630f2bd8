package io.llmaas.admin.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.llmaas.admin.auth.LoginIdentity;

/**
 * keys-service, as admin-service calls it: with the service token (and, for calls made on a user's behalf, the acting
 * portal user in {@code X-Acting-User}), bounded in time, retried
 * once, behind a circuit breaker. A login must not fail because keys-service is down, so the user sync degrades to a
 * logged warning; the next login syncs again.
 */
@ApplicationScoped
public class KeysClient {

    private static final Logger LOG = Logger.getLogger(KeysClient.class);

    /** Whether a user reached keys-service. */
    public enum SyncResult {
        SYNCED, DEGRADED
    }

    private final KeysRestClient rest;
    private final String authorization;

    public KeysClient(@RestClient KeysRestClient rest, @ConfigProperty(name = "llmaas.internal.token") String token) {
        this.rest = rest;
        this.authorization = "Bearer " + token;
    }

    /** Creates or updates the logged-in user in keys-service (identity, email, role). */
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "userNotSynced")
    public SyncResult upsertUser(LoginIdentity login) {
        rest.upsertUser(authorization, UserUpsert.from(login));
        return SyncResult.SYNCED;
    }

    SyncResult userNotSynced(LoginIdentity login, Throwable failure) {
        LOG.warnf("Login of %s continues without syncing the user to keys-service: %s", login.username(),
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        return SyncResult.DEGRADED;
    }
}
