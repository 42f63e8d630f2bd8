package io.llmaas.gateway.budget;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ErrorType;
import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.gateway.Exchange;
import io.llmaas.gateway.auth.Principal;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.limits.LeaseChannel;
import io.llmaas.gateway.metering.PlatformMetrics;
import io.llmaas.gateway.routing.ModelGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Reserve budget: when a budget applies to the key on the model (the key's, its user's, its team's, or the
 * subscription's), the request's worst-case cost — (prompt estimate × input price + max_tokens, or the configured
 * default, × output price) in nano-dollars — is reserved from a local BUDGET lease before the backend is called, and
 * the actual cost is settled into it when the request ends. keys-service never grants more than is left of the
 * tightest budget, so across any number of replicas spend stays within the budget plus the overrun of requests in
 * flight (actual cost above their reservation). Nothing left: 429 {@code insufficient_quota}, as OpenAI answers.
 */
@ApplicationScoped
public class BudgetGuard {

    /** Asks one request may wait for before it is refused (each ask is at least twice the last one of a busy key). */
    private static final int MAX_FETCHES = 8;

    private final LeaseChannel channel;
    private final PlatformMetrics metrics;
    private final GatewayConfig config;
    private final long deniedCacheMs;
    private final long expiryMarginMs;
    private final ConcurrentHashMap<String, BudgetAccount> accounts = new ConcurrentHashMap<>();

    BudgetGuard(LeaseChannel channel, PlatformMetrics metrics, GatewayConfig config) {
        this.channel = channel;
        this.metrics = metrics;
        this.config = config;
        this.deniedCacheMs = config.limits().denialCache().toMillis();
        this.expiryMarginMs = config.limits().expiryMargin().toMillis();
    }

    public Future<Void> reserve(Exchange exchange) {
        Principal principal = exchange.principal();
        ModelGroup model = exchange.model();
        if (!principal.budgeted(model.alias())) {
            return Future.succeededFuture();
        }
        long cost = model.prices().costNanos(exchange.promptTokenEstimate(),
                exchange.completionTokenBound(config.limits().defaultMaxTokens()));
        String scope = principal.modelScope(model.alias());
        BudgetAccount account = accounts.get(scope);
        if (account == null) {
            account = accounts.computeIfAbsent(scope, name -> new BudgetAccount(name, deniedCacheMs));
        }
        Promise<Void> reserved = Promise.promise();
        reserve(exchange, account, Math.max(1, cost), 0, reserved, Vertx.currentContext());
        return reserved.future();
    }

    private void reserve(Exchange exchange, BudgetAccount account, long cost, int fetches, Promise<Void> reserved,
            Context context) {
        BudgetAccount.Reservation[] reservation = new BudgetAccount.Reservation[1];
        BudgetAccount.Reserve outcome = account.reserve(cost, System.currentTimeMillis(), reservation);
        switch (outcome) {
            case RESERVED, RESERVED_ASK_AHEAD -> {
                exchange.budgetReservation(reservation[0], reservation[0].lease().id);
                reserved.complete();
                if (outcome == BudgetAccount.Reserve.RESERVED_ASK_AHEAD) {
                    // A failed ask ahead costs nothing: the request that finds the lease used up asks again.
                    account.askAhead(channel, cost, config.budget().sliceRequests(), expiryMarginMs);
                }
            }
            case DENIED -> refuse(exchange, account, reserved);
            case FETCH -> {
                if (fetches >= MAX_FETCHES) {
                    refuse(exchange, account, reserved);
                    return;
                }
                metrics.leaseWait(LeaseKind.BUDGET);
                account.fetch(channel, cost, config.budget().sliceRequests(), expiryMarginMs).whenComplete((ok, failure) ->
                        context.runOnContext(v -> {
                            if (failure != null) {
                                exchange.retryAfter("1");
                                reserved.fail(new ApiException(ErrorType.SERVICE_UNAVAILABLE,
                                        "The budget cannot be checked right now; please retry shortly.", null,
                                        "service_unavailable"));
                            } else {
                                reserve(exchange, account, cost, fetches + 1, reserved, context);
                            }
                        }));
            }
        }
    }

    private void refuse(Exchange exchange, BudgetAccount account, Promise<Void> reserved) {
        metrics.rejected("budget");
        exchange.retryAfter(Long.toString(Math.max(1, (account.retryAfterMs() + 999) / 1000)));
        reserved.fail(new ApiException(ErrorType.INSUFFICIENT_QUOTA, 429,
                "You exceeded your current quota: the budget for this key on this model is used up until it resets.",
                null, "insufficient_quota", List.of()));
    }

    /** Settles the request's actual cost (its metered cost) into the lease it reserved from; once. */
    public void settle(Exchange exchange) {
        Object held = exchange.budgetReservation();
        if (held instanceof BudgetAccount.Reservation reservation) {
            reservation.account().settle(reservation.lease(), reservation.reserved(), exchange.costNanos());
            exchange.budgetReservation(null, exchange.budgetLeaseId());
        }
    }

    /** Background upkeep (LeaseMaintainer): releases idle, expired and drained leases with their consumption. */
    public void maintain(long now) {
        long idleRelease = config.budget().idleRelease().toMillis();
        accounts.values().forEach(account -> account.maintain(now, idleRelease, channel));
        accounts.values().removeIf(account -> account.idle(now));
    }
}
