package io.llmaas.admin.service;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.admin.client.UsageApi;
import io.llmaas.admin.client.UsageClient;
import io.llmaas.admin.client.UsageQuery;

/**
 * Usage as the portal shows it, for a query {@link UsageScope} allowed: totals, the largest consumers by model, key,
 * user and team (named as people know them), a time series with every bucket of the range, and the raw events as CSV.
 */
@ApplicationScoped
public class UsageReports {

    /** Groups listed per breakdown. */
    static final int TOP = 20;

    /** One group of a breakdown: its id, what to call it, its totals. */
    public record Line(String id, String label, UsageApi.Totals totals) {
    }

    /** A usage page's numbers. {@code byUser} and {@code byTeam} are empty unless the whole platform was asked. */
    public record Report(UsageRange range, UsageApi.Totals totals, List<Line> byModel, List<Line> byKey,
            List<Line> byUser, List<Line> byTeam) {
    }

    /** One bucket of the chart (zero when nothing happened in it). */
    public record ChartPoint(Instant bucket, long requests, long tokens, BigDecimal costUsd) {
    }

    public record Chart(String granularity, Instant from, Instant to, List<ChartPoint> points) {
    }

    private final UsageClient usage;
    private final KeysClient keys;

    public UsageReports(UsageClient usage, KeysClient keys) {
        this.usage = usage;
        this.keys = keys;
    }

    /** The numbers of a user's, team's or key's usage page. */
    public Report report(ActingUser me, UsageQuery q, UsageRange range) {
        Map<String, String> keyNames = keyNames(me, q);
        return new Report(range, usage.summary(me.id(), q).totals(), lines(me, q, "model", Function.identity()),
                lines(me, q, "key", id -> keyName(keyNames, id)), List.of(), List.of());
    }

    /** The numbers of the admin console's usage page: the whole platform, or what its filters select. */
    public Report platformReport(ActingUser me, UsageQuery q, UsageRange range) {
        Map<String, String> keyNames = keyNames(me, q);
        Map<String, String> userNames = new HashMap<>();
        keys.users(me.id()).forEach(user -> userNames.put(user.id(), user.name()));
        Map<String, String> teamNames = new HashMap<>();
        keys.teams(me.id(), null).forEach(team -> teamNames.put(team.id(), team.name()));
        return new Report(range, usage.summary(me.id(), q).totals(), lines(me, q, "model", Function.identity()),
                lines(me, q, "key", id -> keyName(keyNames, id)),
                lines(me, q, "user", id -> id == null ? "No user (service keys)" : userNames.getOrDefault(id, id)),
                lines(me, q, "team", id -> id == null ? "No team" : teamNames.getOrDefault(id, id)));
    }

    /** Requests, tokens and cost per hour or day, every bucket of the range present. */
    public Chart chart(ActingUser me, UsageQuery q, UsageRange range) {
        String granularity = range.granularity();
        Map<Instant, UsageApi.Totals> byBucket = new HashMap<>();
        usage.timeseries(me.id(), q, granularity).points().forEach(p -> byBucket.merge(p.bucket(), p.totals(),
                UsageReports::sum));
        Duration step = "hour".equals(granularity) ? Duration.ofHours(1) : Duration.ofDays(1);
        List<ChartPoint> points = new ArrayList<>();
        for (Instant bucket = range.start(); bucket.isBefore(range.end()); bucket = bucket.plus(step)) {
            UsageApi.Totals t = byBucket.getOrDefault(bucket, UsageApi.Totals.NONE);
            points.add(new ChartPoint(bucket, t.requests(), t.totalTokens(), t.costUsd()));
        }
        return new Chart(granularity, range.start(), range.end(), points);
    }

    /** The raw events, streamed from usage-service; the caller closes the stream. */
    public InputStream exportCsv(ActingUser me, UsageQuery q) {
        return usage.exportCsv(me.id(), q);
    }

    /** Budget alerts, newest first; {@code state} (null: all) of their webhook delivery. */
    public List<UsageApi.Alert> alerts(ActingUser me, String state, int limit) {
        return usage.alerts(me.id(), state, limit);
    }

    private List<Line> lines(ActingUser me, UsageQuery q, String by, Function<String, String> label) {
        return usage.breakdown(me.id(), q, by, TOP).rows().stream()
                .map(row -> new Line(row.value(), label.apply(row.value()), row.totals())).toList();
    }

    /** Names of the keys this query can touch: the user's, the team's, or (admins) everyone's. */
    private Map<String, String> keyNames(ActingUser me, UsageQuery q) {
        List<KeysApi.Key> known = q.keyId() != null ? List.of(keys.key(me.id(), q.keyId()))
                : q.teamId() != null ? keys.keys(me.id(), null, q.teamId())
                : q.userId() != null ? keys.keys(me.id(), q.userId(), null)
                : keys.keys(me.id(), null, null);
        Map<String, String> names = new HashMap<>();
        known.forEach(key -> names.put(key.id(), key.alias() != null ? key.alias() : key.keyPrefix()));
        return names;
    }

    private static String keyName(Map<String, String> names, String id) {
        if (id == null) {
            return "No key";
        }
        if ("master".equals(id)) {
            return "Master key";
        }
        return names.getOrDefault(id, id + " (deleted)");
    }

    private static UsageApi.Totals sum(UsageApi.Totals a, UsageApi.Totals b) {
        return new UsageApi.Totals(a.requests() + b.requests(), a.promptTokens() + b.promptTokens(),
                a.completionTokens() + b.completionTokens(), a.totalTokens() + b.totalTokens(),
                a.costUsd().add(b.costUsd()), a.errors() + b.errors(), a.streamed() + b.streamed(),
                a.estimated() + b.estimated());
    }
}
