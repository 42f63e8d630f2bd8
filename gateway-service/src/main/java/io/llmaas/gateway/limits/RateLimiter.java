package io.llmaas.gateway.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.Limits;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.auth.Principal.LimitScope;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.metering.PlatformMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
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
    private static final CharSequence LIMIT_REQUESTS = HttpHeaders.createOptimized("x-ratelimit-limit-requests");
    private static final CharSequence REMAINING_REQUESTS = HttpHeaders.createOptimized(
            "x-ratelimit-remaining-requests");
    private static final CharSequence RESET_REQUESTS = HttpHeaders.createOptimized("x-ratelimit-reset-requests");
    private static final CharSequence LIMIT_TOKENS = HttpHeaders.createOptimized("x-ratelimit-limit-tokens");
    private static final CharSequence REMAINING_TOKENS = HttpHeaders.createOptimized("x-ratelimit-remaining-tokens");
    private static final CharSequence RESET_TOKENS = HttpHeaders.createOptimized("x-ratelimit-reset-tokens");

    private final LeaseChannel channel;
    private final PlatformMetrics metrics;
    private final GatewayConfig.Limits config;
    private final long deniedCacheMs;
    private final long expiryMarginMs;
    /** RPM and TPM slices by scope (two maps, so a lookup builds no key). */
    private final Map<String, RateSlice> rpm = new ConcurrentHashMap<>();
    private final Map<String, RateSlice> tpm = new ConcurrentHashMap<>();
    private final Map<String, ParallelSlots> parallel = new ConcurrentHashMap<>();

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
            ParallelSlots slots = parallel.get(need.scope());
            if (slots == null) {
                slots = parallel.computeIfAbsent(need.scope(), ParallelSlots::new);
            }
            switch (slots.take(now, claims, tries >= MAX_FETCHES - 1)) {
                case TAKEN -> {
                    return true;
                }
                case DENIED -> refuse(need, slots.retryAfterMs());
                case FETCH -> resumeAfter(slots.fetch(channel, expiryMarginMs), need, index, tries);
            }
            return false;
        }

        /** RPM or TPM from the scope's slice; false when refused or waiting for a fetch. */
        private boolean rate(Need need, int index, int tries, long now) {
            Map<String, RateSlice> slices = slicesOf(need.kind());
            RateSlice slice = slices.get(need.scope());
            if (slice == null) {
                slice = slices.computeIfAbsent(need.scope(), scope -> new RateSlice(scope, need.kind(), deniedCacheMs));
            }
            switch (slice.take(need.amount(), now, claims)) {
                case TAKEN -> {
                    return true;
                }
                case TAKEN_ASK_AHEAD -> {
                    slice.askAhead(channel, need.limit(), need.amount(), expiryMarginMs);
                    return true;
                }
                case DENIED -> refuse(need, slice.retryAfterMs());
                case FETCH -> {
                    if (tries >= MAX_FETCHES) {
                        // Others keep taking the fresh slices first: busy, try again in a moment.
                        refuse(need, 1000);
                    } else {
                        resumeAfter(slice.fetch(channel, need.limit(), need.amount(), expiryMarginMs), need, index,
                                tries);
                    }
                }
            }
            return false;
        }

        private void resumeAfter(CompletableFuture<Void> fetch, Need need, int index, int tries) {
            metrics.leaseWait(need.kind());
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

        private void refuse(Need need, long retryAfterMs) {
            String scope = describe(need.scope());
            String reason;
            String message;
            switch (need.kind()) {
                case PARALLEL -> {
                    reason = "parallel";
                    message = "Too many requests in parallel for " + scope + " (limit " + need.limit() + ")";
                }
                case RPM -> {
                    reason = "rpm";
                    message = "Rate limit reached for " + scope + ": " + need.limit() + " requests per minute";
                }
                default -> {
                    reason = "tpm";
                    message = "Rate limit reached for " + scope + ": " + need.limit() + " tokens per minute";
                }
            }
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
        for (Map<String, RateSlice> slices : List.of(rpm, tpm)) {
            slices.values().forEach(slice -> slice.maintain(now, channel));
            slices.values().removeIf(slice -> slice.idle(now));
        }
        parallel.values().forEach(slots -> slots.maintain(now, idleRelease, expiryMarginMs, channel));
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
        List<LimitScope> scopes = principal.limitScopes(alias);
        writeTrio(response, scopes, LeaseKind.RPM, now);
        writeTrio(response, scopes, LeaseKind.TPM, now);
    }

    private void writeTrio(HttpServerResponse response, List<LimitScope> scopes, LeaseKind kind, long now) {
        Map<String, RateSlice> slices = slicesOf(kind);
        long bestLimit = -1;
        long bestRemaining = Long.MAX_VALUE;
        long bestReset = now;
        for (int i = 0; i < scopes.size(); i++) {
            LimitScope scope = scopes.get(i);
            Long value = kind == LeaseKind.RPM ? scope.limits().rpm() : scope.limits().tpm();
            if (value == null) {
                continue;
            }
            long limit = value;
            RateSlice slice = slices.get(scope.name());
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
        boolean requests = kind == LeaseKind.RPM;
        response.putHeader(requests ? LIMIT_REQUESTS : LIMIT_TOKENS, Long.toString(bestLimit));
        response.putHeader(requests ? REMAINING_REQUESTS : REMAINING_TOKENS, Long.toString(bestRemaining));
        response.putHeader(requests ? RESET_REQUESTS : RESET_TOKENS, duration(bestReset - now));
    }

    private Map<String, RateSlice> slicesOf(LeaseKind kind) {
        return kind == LeaseKind.RPM ? rpm : tpm;
    }

    private List<Need> needs(Principal principal, Exchange exchange) {
        List<LimitScope> scopes = principal.limitScopes(exchange.model().alias());
        List<Need> needs = new ArrayList<>(6);
        long tokens = -1;
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i).name();
            Limits limits = scopes.get(i).limits();
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
