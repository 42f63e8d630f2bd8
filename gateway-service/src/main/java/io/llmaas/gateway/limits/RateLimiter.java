package io.llmaas.gateway.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.Limits;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.metering.PlatformMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * Limit: RPM, TPM and max-parallel at key, user, team and key×model scope, taken from local slices leased from
 * keys-service (see {@link RateSlice}, {@link ParallelSlots}), so in steady state a request costs no call. A request
 * needs every scope that applies: what it took is given back when a later scope refuses (all or nothing). A refusal is
 * a 429 {@code rate_limit_exceeded} with {@code Retry-After}; every answer to a key with limits carries OpenAI's
 * {@code x-ratelimit-*} headers. TPM takes the estimated tokens (prompt estimate + max_tokens, or the configured
 * default) and settles the actual count when the request ends.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int MAX_FETCHES = 3;

    private final LeaseChannel channel;
    private final PlatformMetrics metrics;
    private final GatewayConfig.Limits config;
    private final long deniedCacheMs;
    private final long expiryMarginMs;
    private final ConcurrentHashMap<String, RateSlice> rates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ParallelSlots> parallel = new ConcurrentHashMap<>();

    RateLimiter(LeaseChannel channel, PlatformMetrics metrics, GatewayConfig config) {
        this.channel = channel;
        this.metrics = metrics;
        this.config = config.limits();
        this.deniedCacheMs = config.limits().denialCache().toMillis();
        this.expiryMarginMs = config.limits().expiryMargin().toMillis();
    }

    /** One scope and kind a request needs, with the amount. */
    private record Need(String scope, LeaseKind kind, long amount, long limit) {
    }

    /** Takes what the request needs from every scope that limits it; a failed future carries the 429. */
    public Future<Void> admit(Exchange exchange) {
        Principal principal = exchange.principal();
        if (!principal.limited()) {
            return Future.succeededFuture();
        }
        List<Need> needs = needs(principal, exchange);
        if (needs.isEmpty()) {
            writeHeaders(exchange);
            return Future.succeededFuture();
        }
        Claims claims = new Claims();
        exchange.claims(claims);
        return new Admission(exchange, needs, claims, Vertx.currentContext()).next(0, 0);
    }

    /**
     * Taking one request's needs in order. A need whose slice must be fetched first continues on the request's
     * context when the lease answer arrived; a refusal gives back what the earlier needs took.
     */
    private final class Admission {

        private final Exchange exchange;
        private final List<Need> needs;
        private final Claims claims;
        private final Context context;
        private final Promise<Void> admitted = Promise.promise();

        Admission(Exchange exchange, List<Need> needs, Claims claims, Context context) {
            this.exchange = exchange;
            this.needs = needs;
            this.claims = claims;
            this.context = context;
        }

        /** Takes needs from {@code index} on; {@code fetches} leases were fetched for that need already. */
        Future<Void> next(int index, int fetches) {
            long now = System.currentTimeMillis();
            int tries = fetches;
            for (int i = index; i < needs.size(); i++, tries = 0) {
                Need need = needs.get(i);
                boolean taken = need.kind() == LeaseKind.PARALLEL ? slot(need, i, tries, now)
                        : rate(need, i, tries, now);
                if (!taken) {
                    return admitted.future();
                }
            }
            writeHeaders(exchange);
            admitted.tryComplete();
            return admitted.future();
        }

        /** A max-parallel slot; false when refused or waiting for a fetch. */
        private boolean slot(Need need, int index, int tries, long now) {
            ParallelSlots slots = parallel.computeIfAbsent(need.scope(), ParallelSlots::new);
            switch (slots.take(now, claims, tries >= MAX_FETCHES - 1)) {
                case TAKEN -> {
                    return true;
                }
                case DENIED -> refuse("parallel", slots.retryAfterMs(), "Too many requests in parallel for "
                        + describe(need.scope()) + " (limit " + need.limit() + ")");
                case FETCH -> resumeAfter(slots.fetch(channel, expiryMarginMs), index, tries);
            }
            return false;
        }

        /** RPM or TPM from the scope's slice; false when refused or waiting for a fetch. */
        private boolean rate(Need need, int index, int tries, long now) {
            RateSlice slice = rates.computeIfAbsent(need.scope() + " " + need.kind(),
                    key -> new RateSlice(need.scope(), need.kind(), deniedCacheMs));
            String reason = need.kind() == LeaseKind.RPM ? "rpm" : "tpm";
            String limit = "Rate limit reached for " + describe(need.scope()) + ": " + need.limit()
                    + (need.kind() == LeaseKind.RPM ? " requests" : " tokens") + " per minute";
            switch (slice.take(need.amount(), now, claims)) {
                case TAKEN -> {
                    return true;
                }
                case DENIED -> refuse(reason, slice.retryAfterMs(), limit);
                case FETCH -> {
                    if (tries >= MAX_FETCHES) {
                        // Others keep taking the fresh slices first: busy, try again in a moment.
                        refuse(reason, 1000, limit);
                    } else {
                        resumeAfter(slice.fetch(channel, need.limit(), need.amount(), expiryMarginMs), index, tries);
                    }
                }
            }
            return false;
        }

        private void resumeAfter(CompletableFuture<Void> fetch, int index, int tries) {
            fetch.whenComplete((ok, failure) -> context.runOnContext(v -> {
                if (failure == null) {
                    next(index, tries + 1);
                    return;
                }
                claims.giveBackAll();
                exchange.retryAfter("1");
                admitted.tryFail(new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                        "Rate limits cannot be checked right now; please retry shortly.", null,
                        "service_unavailable"));
            }));
        }

        private void refuse(String reason, long retryAfterMs, String message) {
            claims.giveBackAll();
            metrics.rejected(reason);
            exchange.retryAfter(Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)));
            writeHeaders(exchange);
            admitted.tryFail(new ApiException(ErrorType.RATE_LIMIT, 429, message
                    + ". Please retry after the time in the Retry-After header.", null, "rate_limit_exceeded",
                    List.of()));
        }
    }

    /** Gives back max-parallel slots and settles TPM with the actual tokens; called when the request ended. */
    public void release(Exchange exchange) {
        Claims claims = exchange.claims();
        if (claims != null) {
            long tokens = exchange.promptTokens() < 0 && exchange.completionTokens() < 0 ? -1
                    : Math.max(0, exchange.promptTokens()) + Math.max(0, exchange.completionTokens());
            claims.settleAll(tokens);
            exchange.claims(null);
        }
    }

    /** Background upkeep of every slice (see LeaseMaintainer): reports, renewals, releases, forgetting idle ones. */
    void maintain(long now) {
        long idleRelease = config.parallelIdleRelease().toMillis();
        rates.values().forEach(slice -> slice.maintain(now, channel));
        parallel.values().forEach(slots -> slots.maintain(now, idleRelease, expiryMarginMs, channel));
        rates.values().removeIf(slice -> slice.idle(now));
        parallel.values().removeIf(ParallelSlots::idle);
    }

    /**
     * OpenAI's rate-limit headers for a key with limits, from local state only: of every RPM (TPM) scope that applies,
     * the one with the least left. Written on every answer of such a key, errors and streams included.
     */
    public void writeHeaders(Exchange exchange) {
        Principal principal = exchange.principal();
        HttpServerResponse response = exchange.response();
        if (principal == null || !principal.limited() || response.headWritten()) {
            return;
        }
        long now = System.currentTimeMillis();
        String alias = exchange.model() != null ? exchange.model().alias() : null;
        writeTrio(response, principal, alias, LeaseKind.RPM, "requests", now);
        writeTrio(response, principal, alias, LeaseKind.TPM, "tokens", now);
    }

    private void writeTrio(HttpServerResponse response, Principal principal, String alias, LeaseKind kind,
            String suffix, long now) {
        long bestLimit = -1;
        long bestRemaining = Long.MAX_VALUE;
        long bestReset = now;
        for (String scope : scopes(principal, alias)) {
            long limit = limitOf(principal, scope, alias, kind);
            if (limit < 0) {
                continue;
            }
            RateSlice slice = rates.get(scope + " " + kind);
            long remaining = slice == null || slice.limit() < 0 ? limit : Math.min(limit, slice.remaining(now));
            if (remaining < bestRemaining) {
                bestRemaining = remaining;
                bestLimit = limit;
                bestReset = slice == null ? now : Math.max(now, slice.resetAt());
            }
        }
        if (bestLimit < 0) {
            return;
        }
        response.putHeader("x-ratelimit-limit-" + suffix, Long.toString(bestLimit));
        response.putHeader("x-ratelimit-remaining-" + suffix, Long.toString(bestRemaining));
        response.putHeader("x-ratelimit-reset-" + suffix, duration(bestReset - now));
    }

    private List<Need> needs(Principal principal, Exchange exchange) {
        String alias = exchange.model().alias();
        List<Need> needs = new ArrayList<>(6);
        long tokens = -1;
        for (String scope : scopes(principal, alias)) {
            Limits limits = limitsOf(principal, scope, alias);
            if (limits.rpm() != null) {
                needs.add(new Need(scope, LeaseKind.RPM, 1, limits.rpm()));
            }
            if (limits.tpm() != null) {
                if (tokens < 0) {
                    tokens = exchange.estimatedTokens(config.defaultMaxTokens());
                }
                needs.add(new Need(scope, LeaseKind.TPM, tokens, limits.tpm()));
            }
            if (limits.maxParallel() != null) {
                needs.add(new Need(scope, LeaseKind.PARALLEL, 1, limits.maxParallel()));
            }
        }
        return needs;
    }

    private static List<String> scopes(Principal principal, String alias) {
        List<String> scopes = new ArrayList<>(4);
        scopes.add(principal.keyScope());
        if (principal.userScope() != null) {
            scopes.add(principal.userScope());
        }
        if (principal.teamScope() != null) {
            scopes.add(principal.teamScope());
        }
        if (alias != null) {
            scopes.add(principal.keyScope() + ":model:" + alias);
        }
        return scopes;
    }

    private static Limits limitsOf(Principal principal, String scope, String alias) {
        if (scope.equals(principal.keyScope())) {
            return principal.keyLimits();
        }
        if (scope.equals(principal.userScope())) {
            return principal.userLimits();
        }
        if (scope.equals(principal.teamScope())) {
            return principal.teamLimits();
        }
        return principal.modelLimits(alias);
    }

    private static long limitOf(Principal principal, String scope, String alias, LeaseKind kind) {
        Limits limits = limitsOf(principal, scope, alias);
        Long value = kind == LeaseKind.RPM ? limits.rpm() : limits.tpm();
        return value == null ? -1 : value;
    }

    private static String describe(String scope) {
        int colon = scope.indexOf(':');
        String type = scope.substring(0, colon);
        return scope.contains(":model:") ? "this key on model '" + scope.substring(scope.indexOf(":model:") + 7) + "'"
                : switch (type) {
                    case "user" -> "your user";
                    case "team" -> "your team";
                    default -> "this key";
                };
    }

    /** A duration as OpenAI writes it in x-ratelimit-reset-*: {@code 20ms}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            long tenths = (millis % 1000) / 100;
            return seconds + (tenths > 0 ? "." + tenths : "") + "s";
        }
        return seconds / 60 + "m" + seconds % 60 + "s";
    }
}
