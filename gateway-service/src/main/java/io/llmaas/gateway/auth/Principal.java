package io.llmaas.gateway.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.Limits;

/**
 * Who a request runs for, as the Authenticate step established it: the master key, or a virtual key with what
 * keys-service said about it ({@link KeyPrincipal}), prepared once per cached key for the steps that read it on every
 * request (model sets, lease scopes).
 */
public final class Principal {

    /** The key id of master-key requests in usage events. */
    public static final String MASTER_KEY_ID = "master";

    /** The holder of the master key: the platform admin, every model, no limits, no budget. */
    public static final Principal MASTER_KEY = new Principal(null);

    private final KeyPrincipal key;
    private final Set<String> visible;
    private final Set<String> callable;
    private final Set<String> budgetedModels;
    private final long expiresAtMillis;
    private final String keyScope;
    private final String userScope;
    private final String teamScope;
    private final boolean limited;
    /** The lease scopes of requests on each model the key called, and of requests on none (see limitScopes). */
    private final Map<String, List<LimitScope>> limitScopes = new ConcurrentHashMap<>();
    private final List<LimitScope> limitScopesWithoutModel;
    /** What the models list of this key rendered to, per catalog version (see ModelList). */
    private volatile Object renderedModels;

    /** One lease scope a request of this key counts against, with its limits there. */
    public record LimitScope(String name, Limits limits) {
    }

    Principal(KeyPrincipal key) {
        this.key = key;
        this.visible = key == null ? Set.of() : Set.copyOf(nonNull(key.visibleModels()));
        this.callable = key == null ? Set.of() : Set.copyOf(nonNull(key.callableModels()));
        this.budgetedModels = key == null ? Set.of() : new HashSet<>(nonNull(key.budgetedModels()));
        this.expiresAtMillis = key == null || key.expiresAt() == null ? Long.MAX_VALUE
                : key.expiresAt().toEpochMilli();
        this.keyScope = key == null ? null : "key:" + key.keyId();
        this.userScope = key == null || key.userId() == null ? null : "user:" + key.userId();
        this.teamScope = key == null || key.teamId() == null ? null : "team:" + key.teamId();
        this.limited = key != null && (keyLimits().any() || userLimits().any() || teamLimits().any()
                || key.modelLimits() != null && !key.modelLimits().isEmpty());
        this.limitScopesWithoutModel = key == null ? List.of() : scopesOf(null);
    }

    public boolean master() {
        return key == null;
    }

    /** What keys-service said about the key; null for the master key. */
    public KeyPrincipal key() {
        return key;
    }

    /** The id usage events and leases use: the virtual key's id, or {@value #MASTER_KEY_ID}. */
    public String keyId() {
        return key == null ? MASTER_KEY_ID : key.keyId();
    }

    public String keyAlias() {
        return key == null ? null : key.alias();
    }

    public String userId() {
        return key == null ? null : key.userId();
    }

    public String teamId() {
        return key == null ? null : key.teamId();
    }

    public Map<String, String> metadata() {
        return key == null ? null : key.metadata();
    }

    /** Whether the key may see {@code alias} at all: anything else is answered like an unknown model. */
    public boolean maySee(String alias) {
        return key == null || visible.contains(alias);
    }

    /** Whether the key may call {@code alias}: visible and subscribed. */
    public boolean mayCall(String alias) {
        return key == null || callable.contains(alias);
    }

    /** Whether a BUDGET lease is needed for requests on {@code alias}. */
    public boolean budgeted(String alias) {
        return key != null && (key.budgeted() || budgetedModels.contains(alias));
    }

    /** Epoch millisecond the key stops working (its expiry, or the grace end of a rotated-out secret). */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Lease scope {@code key:<id>}, null for the master key. */
    public String keyScope() {
        return keyScope;
    }

    /** Lease scope {@code user:<id>}, null without a user. */
    public String userScope() {
        return userScope;
    }

    /** Lease scope {@code team:<id>}, null without a team. */
    public String teamScope() {
        return teamScope;
    }

    /** Lease scope {@code key:<id>:model:<alias>}: the key's own limits and budget on one model. */
    public String modelScope(String alias) {
        if (key == null) {
            return null;
        }
        List<LimitScope> scopes = limitScopes(alias);
        return scopes.get(scopes.size() - 1).name();
    }

    /**
     * Every scope a request on {@code alias} (null: on no model) counts against, in order key, user, team, key on the
     * model, with the limits there. Prepared once per model the key calls (a model it may not call is not kept), so
     * the Limit step reads them on every request without building anything.
     */
    public List<LimitScope> limitScopes(String alias) {
        if (key == null) {
            return List.of();
        }
        if (alias == null) {
            return limitScopesWithoutModel;
        }
        List<LimitScope> scopes = limitScopes.get(alias);
        if (scopes == null) {
            scopes = scopesOf(alias);
            if (mayCall(alias)) {
                limitScopes.put(alias, scopes);
            }
        }
        return scopes;
    }

    private List<LimitScope> scopesOf(String alias) {
        List<LimitScope> scopes = new ArrayList<>(4);
        scopes.add(new LimitScope(keyScope, keyLimits()));
        if (userScope != null) {
            scopes.add(new LimitScope(userScope, userLimits()));
        }
        if (teamScope != null) {
            scopes.add(new LimitScope(teamScope, teamLimits()));
        }
        if (alias != null) {
            scopes.add(new LimitScope(keyScope + ":model:" + alias, modelLimits(alias)));
        }
        return List.copyOf(scopes);
    }

    public Limits keyLimits() {
        return limitsOrNone(key == null ? null : key.keyLimits());
    }

    public Limits userLimits() {
        return limitsOrNone(key == null ? null : key.userLimits());
    }

    public Limits teamLimits() {
        return limitsOrNone(key == null ? null : key.teamLimits());
    }

    /** The key's own RPM/TPM on {@code alias}. */
    public Limits modelLimits(String alias) {
        return key == null || key.modelLimits() == null ? Limits.NONE : limitsOrNone(key.modelLimits().get(alias));
    }

    /** Whether any rate limit applies to the key anywhere (then every answer carries rate-limit headers). */
    public boolean limited() {
        return limited;
    }

    /** The models list rendered for this key (ModelList's cache, per catalog version). */
    public Object modelsCache() {
        return renderedModels;
    }

    public void modelsCache(Object rendered) {
        this.renderedModels = rendered;
    }

    private static Limits limitsOrNone(Limits limits) {
        return limits == null ? Limits.NONE : limits;
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }
}
