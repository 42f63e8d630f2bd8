package io.llmaas.usage.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.UsageEventRepository.StoredGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's Prometheus series ({@code llmaas_usage_*}). Spend and tokens are labelled by model and team only, and
 * each label keeps at most {@code usage.metrics.max-label-values} distinct values ("other" beyond), so a platform with
 * thousands of teams cannot blow up the scrape; per-key views belong to the analytics API.
 */
@ApplicationScoped
public class UsageMetrics {

    static final String OTHER = "other";
    static final String NONE = "none";

    private final MeterRegistry registry;
    private final int maxLabelValues;
    private final Counter ingested;
    private final Counter duplicates;
    private final Timer batchDuration;
    private final Timer ingestLag;
    private final AtomicLong settlementBacklog = new AtomicLong();
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final Set<String> teams = ConcurrentHashMap.newKeySet();

    UsageMetrics(MeterRegistry registry, UsageConfig config) {
        this.registry = registry;
        this.maxLabelValues = config.metrics().maxLabelValues();
        this.ingested = Counter.builder("llmaas.usage.events.ingested")
                .description("Usage events stored (duplicates excluded)").register(registry);
        this.duplicates = Counter.builder("llmaas.usage.events.duplicates")
                .description("Usage events skipped because their request id was already stored").register(registry);
        this.batchDuration = Timer.builder("llmaas.usage.ingest.batch.duration")
                .description("Time to validate and store one ingest batch").register(registry);
        this.ingestLag = Timer.builder("llmaas.usage.ingest.lag")
                .description("Time from a request's start (event timestamp) to its arrival at usage-service")
                .register(registry);
        registry.gauge("llmaas.usage.settlement.backlog", settlementBacklog);
    }

    public void batchStored(List<StoredGroup> stored, int received, Duration took) {
        long accepted = stored.stream().mapToLong(StoredGroup::requests).sum();
        ingested.increment(accepted);
        duplicates.increment(received - accepted);
        batchDuration.record(took);
        for (StoredGroup g : stored) {
            String model = bounded(models, g.model());
            String team = bounded(teams, g.teamId() == null ? NONE : g.teamId());
            registry.counter("llmaas.usage.spend.usd", "model", model, "team", team).increment(g.costUsd().doubleValue());
            registry.counter("llmaas.usage.tokens", "model", model, "team", team, "type", "prompt")
                    .increment(g.promptTokens());
            registry.counter("llmaas.usage.tokens", "model", model, "team", team, "type", "completion")
                    .increment(g.completionTokens());
        }
    }

    public void lag(Duration lag) {
        ingestLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void settlementBacklog(long entries) {
        settlementBacklog.set(entries);
    }

    public void settlementBatch(String result) {
        registry.counter("llmaas.usage.settlement.batches", "result", result).increment();
    }

    /** @param result {@code delivered}, {@code failed} (will retry) or {@code gave_up} */
    public void alertDelivery(String result) {
        registry.counter("llmaas.usage.alert.deliveries", "result", result).increment();
    }

    private String bounded(Set<String> seen, String value) {
        if (seen.contains(value)) {
            return value;
        }
        if (seen.size() < maxLabelValues) {
            seen.add(value);
            return value;
        }
        return OTHER;
    }
}
