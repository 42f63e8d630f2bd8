package io.llmaas.admin.client;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.contracts.error.ApiException;

/**
 * keys-service, as admin-service calls it: bounded in time, behind a circuit breaker per call, reads retried once.
 * keys-service's refusals ({@link ApiException}: 400, 403, 404, 409) are results, not failures: they pass through and
 * never open a circuit. Every call but the login upsert acts as a portal user ({@code actingUser}: the user's id in
 * keys-service), whose role keys-service applies again. A call that finally fails becomes a 503 naming keys-service
 * ({@link PlatformService}); the login upsert degrades instead, since a login must not fail because keys-service is
 * down.
 */
@ApplicationScoped
@PlatformService("keys-service")
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
        skipOn = ApiException.class)
public class KeysClient {

    private static final Logger LOG = Logger.getLogger(KeysClient.class);
    /** Page size for lists: the portal shows whole lists of one user or one team. */
    static final int LIST_SIZE = 500;

    private final KeysRestClient rest;

    public KeysClient(@RestClient KeysRestClient rest) {
        this.rest = rest;
    }

    /** Creates or updates the logged-in user in keys-service (identity, email, role); empty when it is down. */
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    @Fallback(fallbackMethod = "userNotSynced")
    public Optional<KeysApi.User> upsertUser(LoginIdentity login) {
        return Optional.of(rest.upsertUser(UserUpsert.from(login)));
    }

    Optional<KeysApi.User> userNotSynced(LoginIdentity login, Throwable failure) {
        LOG.warnf("Login of %s continues without syncing the user to keys-service: %s", login.username(),
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        return Optional.empty();
    }

    // Catalog

    /** The catalog: enabled models for users, every model with its deployments for admins. */
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.Model> models(String actingUser) {
        return rest.models(actingUser);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public KeysApi.Model model(String actingUser, String alias) {
        return rest.model(actingUser, alias);
    }

    public KeysApi.Model createModel(String actingUser, KeysApi.ModelForm model) {
        return rest.createModel(actingUser, model);
    }

    public KeysApi.Model updateModel(String actingUser, String alias, KeysApi.ModelForm model) {
        return rest.updateModel(actingUser, alias, model);
    }

    public KeysApi.Model switchModel(String actingUser, String alias, KeysApi.ModelSwitches switches) {
        return rest.switchModel(actingUser, alias, switches);
    }

    public void deleteModel(String actingUser, String alias) {
        rest.deleteModel(actingUser, alias);
    }

    public KeysApi.Deployment addDeployment(String actingUser, String alias, KeysApi.NewDeployment deployment) {
        return rest.addDeployment(actingUser, alias, deployment);
    }

    public void deleteDeployment(String actingUser, String id) {
        rest.deleteDeployment(actingUser, id);
    }

    /** One request from keys-service to the deployment's model server (keys-service waits up to 10 s for it). */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public KeysApi.ConnectionTest testDeployment(String actingUser, String id) {
        return rest.testDeployment(actingUser, id);
    }

    // Subscriptions

    /** Subscriptions of a user, of a team, or (admins, both null) all, optionally of one status. */
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.Subscription> subscriptions(String actingUser, String userId, String teamId, String status) {
        return rest.subscriptions(actingUser, userId, teamId, status, LIST_SIZE);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public KeysApi.Subscription subscription(String actingUser, String id) {
        return rest.subscription(actingUser, id);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.SubscriptionEvent> subscriptionHistory(String actingUser, String id) {
        return rest.subscriptionHistory(actingUser, id);
    }

    public KeysApi.Subscription subscribe(String actingUser, KeysApi.NewSubscription subscription) {
        return rest.subscribe(actingUser, subscription);
    }

    /** {@code action}: approve, deny, cancel, request-review or revert. */
    public KeysApi.Subscription transition(String actingUser, String id, String action, String reason) {
        return rest.transition(actingUser, id, action, new KeysApi.Reason(reason));
    }

    /** Approves or denies every listed subscription, or none of them. */
    public List<KeysApi.Subscription> decideAll(String actingUser, String action, List<String> ids, String reason) {
        return rest.decideAll(actingUser, action, new KeysApi.BulkDecision(ids, reason));
    }

    // Keys

    /** Keys of a user or of a team. */
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.Key> keys(String actingUser, String userId, String teamId) {
        return rest.keys(actingUser, userId, teamId, LIST_SIZE);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public KeysApi.Key key(String actingUser, String id) {
        return rest.key(actingUser, id);
    }

    /** A new key; the answer holds its secret, which the portal shows once and keeps nowhere. */
    public KeysApi.CreatedKey createKey(String actingUser, KeysApi.NewKey key) {
        return rest.createKey(actingUser, key);
    }

    /** A new secret; the previous one keeps working for {@code gracePeriodSeconds}. */
    public KeysApi.CreatedKey rotateKey(String actingUser, String id, long gracePeriodSeconds) {
        return rest.rotateKey(actingUser, id, new KeysApi.Rotation(gracePeriodSeconds));
    }

    public KeysApi.Key setBlocked(String actingUser, String id, boolean blocked) {
        return rest.blockKey(actingUser, id, blocked ? "block" : "unblock");
    }

    public void deleteKey(String actingUser, String id) {
        rest.deleteKey(actingUser, id);
    }

    // Users and teams

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.User> users(String actingUser) {
        return rest.users(actingUser, LIST_SIZE);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public KeysApi.User user(String actingUser, String id) {
        return rest.user(actingUser, id);
    }

    public KeysApi.User updateUser(String actingUser, String id, KeysApi.Limits limits) {
        return rest.updateUser(actingUser, id, limits);
    }

    /** The teams of a user, or (admins, null user) every team. */
    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public List<KeysApi.Team> teams(String actingUser, String userId) {
        return rest.teams(actingUser, userId, LIST_SIZE);
    }

    @Retry(maxRetries = 1, delay = 200, abortOn = ApiException.class)
    public KeysApi.Team team(String actingUser, String id) {
        return rest.team(actingUser, id);
    }

    public KeysApi.Team createTeam(String actingUser, KeysApi.NewTeam team) {
        return rest.createTeam(actingUser, team);
    }

    public KeysApi.Team updateTeam(String actingUser, String id, KeysApi.Limits limits) {
        return rest.updateTeam(actingUser, id, limits);
    }

    public void deleteTeam(String actingUser, String id) {
        rest.deleteTeam(actingUser, id);
    }

    /** Adds a member by login name, or changes its role. */
    public KeysApi.Team addMember(String actingUser, String teamId, String loginName, String role) {
        return rest.addMember(actingUser, teamId, new KeysApi.NewMember(loginName, role));
    }

    public KeysApi.Team removeMember(String actingUser, String teamId, String userId) {
        return rest.removeMember(actingUser, teamId, userId);
    }

    /** Resets the current budget period's spend of a user, team, key or subscription ({@code holder}: users, …). */
    public KeysApi.Budget resetSpend(String actingUser, String holder, String id, String reason) {
        return rest.resetSpend(actingUser, holder, id, new KeysApi.SpendReset(BigDecimal.ZERO, reason));
    }
}
