package io.llmaas.gateway.metering;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.gateway.auth.KeyCache;
import io.llmaas.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway's metrics about the platform around it: calls to keys-service and usage-service (which prove that
 * requests cause none in steady state), the key cache, leases, 429s by reason, usage delivery and the spool, and spend
 * and tokens by model and team (by key only with {@code gateway.metrics.per-key}). Labels are bounded: operations,
 * outcomes, lease kinds, reasons, model aliases and team ids.
 */
@ApplicationScoped
public class PlatformMetrics {

    static final String KEYS_CALLS = "llmaas.gateway.keys.calls";
    static final String USAGE_CALLS = "llmaas.gateway.usage.calls";
    static final String KEY_CACHE = "llmaas.gateway.key.cache";
    static final String LEASE_GRANTS = "llmaas.gateway.lease.grants";
    static final String LEASE_DENIALS = "llmaas.gateway.lease.denials";
    static final String LEASE_WAITS = "llmaas.gateway.lease.waits";
    static final String REJECTIONS = "llmaas.gateway.rejections";
    static final String USAGE_EVENTS = "llmaas.gateway.usage.events";
    static final String SPEND = "llmaas.gateway.spend.usd";
    static final String TOKENS = "llmaas.gateway.tokens";
    static final String KEY_SPEND = "llmaas.gateway.key.spend.usd";
    static final String KEY_TOKENS = "llmaas.gateway.key.tokens";

    /**
     * Calls to keys-service, by what they were for: VERIFY a cache miss, REFRESH a cached key the changes feed named,
     * ROUTING the table, CHANGES the feed, LEASES asks, REPORT consumption reports.
     */
    public enum KeysOperation {
        VERIFY, REFRESH, ROUTING, CHANGES, LEASES, REPORT
    }

    private final MeterRegistry registry;
    private final boolean perKey;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** The spend and token counters by model, then team: looked up per request without building a key. */
    private final Map<String, Map<String, SpendMeters>> teamSpend = new ConcurrentHashMap<>();
    private final Map<String, SpendMeters> keySpend = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheNegatives;

    /** Spend in USD and prompt and completion tokens under one set of labels. */
    private record SpendMeters(Counter spend, Counter prompt, Counter completion) {

        void add(BigDecimal costUsd, long promptTokens, long completionTokens) {
            if (costUsd.signum() > 0) {
                spend.increment(costUsd.doubleValue());
            }
            if (promptTokens > 0) {
                prompt.increment(promptTokens);
            }
            if (completionTokens > 0) {
                completion.increment(completionTokens);
            }
        }
    }

    PlatformMetrics(MeterRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.perKey = config.metrics().perKey();
        for (KeysOperation operation : KeysOperation.values()) {
            keysCounter(operation, true);
            keysCounter(operation, false);
        }
        for (LeaseKind kind : LeaseKind.values()) {
            counter(LEASE_GRANTS, "Lease asks keys-service granted", "kind", kind.name());
            counter(LEASE_DENIALS, "Lease asks keys-service refused (429 for the waiting request)", "kind",
                    kind.name());
            leaseWaits(kind);
        }
        String cacheDescription = "Key lookups: hit (cached principal), negative (cached unknown key), miss (verified)";
        cacheHits = counter(KEY_CACHE, cacheDescription, "result", "hit");
        cacheMisses = counter(KEY_CACHE, cacheDescription, "result", "miss");
        cacheNegatives = counter(KEY_CACHE, cacheDescription, "result", "negative");
        for (String outcome : new String[] {"sent", "spooled", "replayed", "dropped"}) {
            counter(USAGE_EVENTS, "Usage events sent to usage-service, written to the spool, replayed from it, or "
                    + "dropped (usage-service refused their batch as invalid)",
                    "outcome", outcome);
        }
    }

    /** One call to keys-service; {@code ok} false when it failed (a 404 of verify is a result, not a failure). */
    public void keysCall(KeysOperation operation, boolean ok) {
        keysCounter(operation, ok).increment();
    }

    private Counter keysCounter(KeysOperation operation, boolean ok) {
        return counter(KEYS_CALLS, "Calls to keys-service by operation and outcome", "operation",
                operation.name().toLowerCase(), "outcome", ok ? "ok" : "failed");
    }

    public void usageCall(boolean ok) {
        counter(USAGE_CALLS, "Calls to usage-service (usage batches) by outcome", "outcome", ok ? "ok" : "failed")
                .increment();
    }

    /** One key lookup. */
    public void keyCache(KeyCache.Lookup lookup) {
        switch (lookup) {
            case HIT -> cacheHits.increment();
            case MISS -> cacheMisses.increment();
            case NEGATIVE -> cacheNegatives.increment();
        }
    }

    public void lease(LeaseKind kind, boolean granted) {
        counter(granted ? LEASE_GRANTS : LEASE_DENIALS, null, "kind", kind.name()).increment();
    }

    /** A request that waited for a lease ask to keys-service (none in steady state: leases are asked for ahead). */
    public void leaseWait(LeaseKind kind) {
        leaseWaits(kind).increment();
    }

    private Counter leaseWaits(LeaseKind kind) {
        return counter(LEASE_WAITS, "Requests that waited for a lease ask to keys-service, by lease kind", "kind",
                kind.name());
    }

    /** A request answered 429 by the gateway itself: rpm, tpm, parallel or budget. */
    public void rejected(String reason) {
        counter(REJECTIONS, "Requests the gateway answered 429 itself, by the limit that refused them", "reason",
                reason).increment();
    }

    public void usageEvents(String outcome, int count) {
        counter(USAGE_EVENTS, null, "outcome", outcome).increment(count);
    }

    /** Spend and tokens of one request, by model and team (and key when enabled). */
    public void spend(String model, String team, String key, BigDecimal costUsd, long promptTokens,
            long completionTokens) {
        String teamLabel = team == null ? "none" : team;
        Map<String, SpendMeters> byTeam = teamSpend.get(model);
        if (byTeam == null) {
            byTeam = teamSpend.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
        }
        SpendMeters meters = byTeam.get(teamLabel);
        if (meters == null) {
            meters = byTeam.computeIfAbsent(teamLabel, t -> new SpendMeters(
                    counter(SPEND, "Spend by model and team, in USD (tokens × catalog prices)", "model", model,
                            "team", t),
                    counter(TOKENS, "Tokens by model, team and type", "model", model, "team", t, "type", "prompt"),
                    counter(TOKENS, "Tokens by model, team and type", "model", model, "team", t, "type",
                            "completion")));
        }
        meters.add(costUsd, promptTokens, completionTokens);
        if (perKey && key != null) {
            SpendMeters ofKey = keySpend.get(key);
            if (ofKey == null) {
                ofKey = keySpend.computeIfAbsent(key, k -> new SpendMeters(
                        counter(KEY_SPEND, "Spend by key, in USD (gateway.metrics.per-key)", "key", k),
                        counter(KEY_TOKENS, "Tokens by key and type (gateway.metrics.per-key)", "key", k, "type",
                                "prompt"),
                        counter(KEY_TOKENS, "Tokens by key and type (gateway.metrics.per-key)", "key", k, "type",
                                "completion")));
            }
            ofKey.add(costUsd, promptTokens, completionTokens);
        }
    }

    /** A gauge over {@code value}. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        String id = name + String.join("\u0000", tags);
        Counter counter = counters.get(id);
        if (counter == null) {
            counter = counters.computeIfAbsent(id, key -> Counter.builder(name).tags(tags)
                    .description(description).register(registry));
        }
        return counter;
    }
}
