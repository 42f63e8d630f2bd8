package io.llmaas.keys.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.llmaas.contracts.internal.LeaseKind;
import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.keys.config.KeysConfig;
import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.entity.VirtualKeyEntity;
import io.llmaas.keys.repository.TeamRepository;
import io.llmaas.keys.repository.UserRepository;
import io.llmaas.keys.repository.VirtualKeyRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Grants slices of quota to gateways (docs/architecture.md, "Leases"). Every grant locks its scope row(s), reads what
 * is outstanding and writes the lease in one transaction, so the limits hold exactly whatever the number of gateways
 * and keys-service replicas. Limits come from keys-service's own records; a gateway only names scope, kind, amount.
 *
 * <ul>
 * <li>RPM/TPM: sliding window of grants; a slice is at most {@code max(1, floor(limit × 5 % / active gateways))}; a
 * gateway asking again supersedes its open slices of that scope, except the one it names to keep (an ask ahead), so
 * it holds at most two.</li>
 * <li>PARALLEL: {@code amount} is the absolute number of slots the gateway wants to hold; slots expire unless
 * renewed.</li>
 * <li>BUDGET (nano-dollars, scope {@code key:<id>:model:<alias>}): at most the smallest remaining of every budget that
 * applies, and not less than {@code minAmount}.</li>
 * </ul>
 * A scope without a limit is answered with {@code granted = amount}, {@code limit = -1}, no lease id.
 */
@ApplicationScoped
public class LeaseService {

    public static final long UNLIMITED = -1;

    private final EntityManager em;
    private final VirtualKeyRepository keys;
    private final UserRepository users;
    private final TeamRepository teams;
    private final BudgetHolders holders;
    private final BudgetService budgets;
    private final KeysConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public LeaseService(EntityManager em, VirtualKeyRepository keys, UserRepository users, TeamRepository teams,
            BudgetHolders holders, BudgetService budgets, KeysConfig config, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.keys = keys;
        this.users = users;
        this.teams = teams;
        this.holders = holders;
        this.budgets = budgets;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        for (LeaseKind kind : LeaseKind.values()) {
            metrics.counter("llmaas_keys_lease_grants", "kind", kind.name());
            metrics.counter("llmaas_keys_lease_denials", "kind", kind.name());
        }
    }

    /** One transaction per ask, so a slow or failing ask never holds another scope's lock. */
    public LeaseResponse grant(LeaseRequest request) {
        Problems problems = new Problems();
        problems.check(request != null && request.gatewayId() != null && !request.gatewayId().isBlank(),
                "gatewayId", "is required");
        problems.check(request != null && request.asks() != null, "asks", "is required");
        problems.throwIfAny();
        List<LeaseResponse.Grant> grants = new ArrayList<>();
        for (int i = 0; i < request.asks().size(); i++) {
            LeaseRequest.Ask ask = request.asks().get(i);
            String at = "asks[" + i + "].";
            if (ask == null || ask.kind() == null || ask.scope() == null || ask.amount() < 0 || ask.minAmount() < 0
                    || ask.minAmount() > ask.amount()) {
                throw Problems.single(at + "amount", "each ask needs scope, kind and 0 <= minAmount <= amount");
            }
            Scope scope = Scope.parse(ask.scope()).orElseThrow(() -> Problems.single(at + "scope",
                    "must be key:<id>, user:<id>, team:<id> or key:<id>:model:<alias>"));
            if (ask.kind() == LeaseKind.BUDGET && scope.model() == null) {
                throw Problems.single(at + "scope", "BUDGET asks use key:<id>:model:<alias>");
            }
            LeaseResponse.Grant grant = QuarkusTransaction.requiringNew()
                    .call(() -> grantOne(request.gatewayId(), scope, ask));
            metrics.counter(grant.granted() > 0 || ask.amount() == 0 ? "llmaas_keys_lease_grants"
                    : "llmaas_keys_lease_denials", "kind", ask.kind().name()).increment();
            grants.add(grant);
        }
        return new LeaseResponse(grants);
    }

    private LeaseResponse.Grant grantOne(String gateway, Scope scope, LeaseRequest.Ask ask) {
        return switch (ask.kind()) {
            case RPM, TPM -> rate(gateway, scope, ask);
            case PARALLEL -> parallel(gateway, scope, ask);
            case BUDGET -> budget(gateway, scope, ask);
        };
    }

    private LeaseResponse.Grant rate(String gateway, Scope scope, LeaseRequest.Ask ask) {
        Long limit = limitOf(scope, ask.kind());
        if (limit == null) {
            return unlimited(ask);
        }
        holders.lock(List.of(ask.kind() + " " + ask.scope()));
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.leases().window());
        // The gateway's open slices of the scope are superseded, counted in full, except one it asked ahead from.
        String keep = ask.keepLeaseId();
        var supersede = em.createNativeQuery("update keys.leases set released_at = ?1, "
                + "consumed = greatest(consumed, amount) where gateway_id = ?2 and scope = ?3 and kind = ?4 "
                + "and released_at is null and expires_at > ?1" + (keep == null ? "" : " and id <> ?5"))
                .setParameter(1, now).setParameter(2, gateway).setParameter(3, ask.scope())
                .setParameter(4, ask.kind().name());
        if (keep != null) {
            supersede.setParameter(5, keep);
        }
        supersede.executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> window = em.createNativeQuery("select granted_at, case when released_at is not null or "
                + "expires_at <= ?1 then consumed else amount end, gateway_id from keys.leases "
                + "where scope = ?2 and kind = ?3 and granted_at > ?4 order by granted_at")
                .setParameter(1, now).setParameter(2, ask.scope()).setParameter(3, ask.kind().name())
                .setParameter(4, windowStart).getResultList();
        long used = 0;
        Set<String> gateways = new HashSet<>();
        gateways.add(gateway);
        for (Object[] row : window) {
            used += ((Number) row[1]).longValue();
            gateways.add((String) row[2]);
        }
        long slice = Math.max(1, limit * config.leases().slicePercent() / 100 / gateways.size());
        long available = Math.max(0, limit - used);
        // A request that needs more than one slice (a TPM estimate above 5 % of the limit) still gets what it needs
        // while the window has it; otherwise such a request could never pass.
        long granted = Math.min(Math.max(Math.min(ask.amount(), slice), ask.minAmount()), available);
        Instant oldest = window.isEmpty() ? now : instant(window.get(0)[0]);
        if (granted == 0 || granted < ask.minAmount()) {
            long needed = Math.max(1, ask.minAmount()) - available;
            long freed = 0;
            Instant retryAt = now.plus(config.leases().window());
            for (Object[] row : window) {
                freed += ((Number) row[1]).longValue();
                if (freed >= needed) {
                    retryAt = instant(row[0]).plus(config.leases().window());
                    break;
                }
            }
            return new LeaseResponse.Grant(ask.scope(), ask.kind(), null, 0, limit, available, null,
                    oldest.plus(config.leases().window()), Math.max(1, Duration.between(now, retryAt).toMillis()));
        }
        Instant expires = now.plus(config.leases().ttl());
        String id = insertLease(ask.scope(), ask.kind(), gateway, granted, now, expires);
        return new LeaseResponse.Grant(ask.scope(), ask.kind(), id, granted, limit, available - granted, expires,
                oldest.plus(config.leases().window()), 0);
    }

    /** A timestamptz column of a native query, whichever Java type the driver chose for it. */
    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private LeaseResponse.Grant parallel(String gateway, Scope scope, LeaseRequest.Ask ask) {
        Long limit = limitOf(scope, LeaseKind.PARALLEL);
        if (limit == null) {
            return unlimited(ask);
        }
        holders.lock(List.of("PARALLEL " + ask.scope()));
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> open = em.createNativeQuery("select id, amount, gateway_id, expires_at from keys.leases "
                + "where scope = ?1 and kind = 'PARALLEL' and released_at is null and expires_at > ?2")
                .setParameter(1, ask.scope()).setParameter(2, now).getResultList();
        long others = 0;
        String own = null;
        Instant nextExpiry = null;
        for (Object[] row : open) {
            if (gateway.equals(row[2])) {
                own = (String) row[0];
            } else {
                others += ((Number) row[1]).longValue();
                Instant expiry = instant(row[3]);
                nextExpiry = nextExpiry == null || expiry.isBefore(nextExpiry) ? expiry : nextExpiry;
            }
        }
        long available = Math.max(0, limit - others);
        long granted = Math.min(ask.amount(), available);
        Instant resetAt = nextExpiry == null ? now : nextExpiry;
        if (granted < ask.minAmount() || (granted == 0 && ask.amount() > 0)) {
            return new LeaseResponse.Grant(ask.scope(), ask.kind(), null, 0, limit, available, null, resetAt,
                    Math.max(1, Duration.between(now, resetAt).toMillis()));
        }
        Instant expires = now.plus(config.leases().parallelTtl());
        if (own == null) {
            own = insertLease(ask.scope(), LeaseKind.PARALLEL, gateway, granted, now, expires);
        } else {
            em.createNativeQuery("update keys.leases set amount = ?1, expires_at = ?2, granted_at = ?3 where id = ?4")
                    .setParameter(1, granted).setParameter(2, expires).setParameter(3, now).setParameter(4, own)
                    .executeUpdate();
        }
        if (granted == 0) {
            em.createNativeQuery("update keys.leases set released_at = ?1 where id = ?2").setParameter(1, now)
                    .setParameter(2, own).executeUpdate();
        }
        return new LeaseResponse.Grant(ask.scope(), ask.kind(), own, granted, limit, available - granted, expires,
                resetAt, 0);
    }

    private LeaseResponse.Grant budget(String gateway, Scope scope, LeaseRequest.Ask ask) {
        VirtualKeyEntity key = keys.findById(scope.id());
        if (key == null) {
            return new LeaseResponse.Grant(ask.scope(), ask.kind(), null, 0, 0, 0, null, null, 0);
        }
        Instant now = clock.instant();
        List<BudgetHolders.Holder> applicable = holders.of(key.id, key.userId, key.teamId, scope.model(), now)
                .stream().filter(BudgetHolders.Holder::limited).toList();
        if (applicable.isEmpty()) {
            return unlimited(ask);
        }
        holders.lock(BudgetHolders.lockScopes(applicable));
        long remaining = Long.MAX_VALUE;
        long limit = 0;
        Instant periodEnd = null;
        for (BudgetHolders.Holder holder : applicable) {
            long max = Money.nanos(holder.budget().maxBudget);
            long spent = budgets.periodSpendNanos(holder.type(), holder.id(), holder.period().start());
            long left = Math.max(0, max - spent - outstanding(holder.key(), now));
            if (left < remaining) {
                remaining = left;
                limit = max;
            }
            if (holder.period().end() != null && (periodEnd == null || holder.period().end().isBefore(periodEnd))) {
                periodEnd = holder.period().end();
            }
        }
        long granted = Math.min(ask.amount(), remaining);
        if (granted == 0 || granted < ask.minAmount()) {
            long retry = periodEnd != null ? Duration.between(now, periodEnd).toMillis()
                    : config.leases().budgetTtl().toMillis();
            return new LeaseResponse.Grant(ask.scope(), ask.kind(), null, 0, limit, remaining, null, periodEnd,
                    Math.max(1, retry));
        }
        Instant expires = now.plus(config.leases().budgetTtl());
        if (periodEnd != null && periodEnd.isBefore(expires)) {
            expires = periodEnd;
        }
        String id = insertLease(ask.scope(), LeaseKind.BUDGET, gateway, granted, now, expires);
        for (BudgetHolders.Holder holder : applicable) {
            em.createNativeQuery("insert into keys.lease_budget_holds (lease_id, holder) values (?1, ?2)")
                    .setParameter(1, id).setParameter(2, holder.key()).executeUpdate();
        }
        return new LeaseResponse.Grant(ask.scope(), ask.kind(), id, granted, limit, remaining - granted, expires,
                periodEnd, 0);
    }

    /** Nano-dollars reserved against a holder's period by BUDGET leases whose spend is not settled yet. */
    long outstanding(String holderKey, Instant now) {
        Instant holdUntil = now.minus(config.leases().budgetHold());
        return ((Number) em.createNativeQuery("select coalesce(sum(case "
                + "when l.released_at is not null then greatest(l.consumed - l.settled_nanos, 0) "
                + "when l.expires_at > ?2 then greatest(l.amount - l.settled_nanos, 0) "
                + "when l.expires_at > ?3 then greatest(l.amount - l.settled_nanos, 0) "
                + "else 0 end), 0) from keys.leases l join keys.lease_budget_holds h on h.lease_id = l.id "
                + "where h.holder = ?1").setParameter(1, holderKey).setParameter(2, now).setParameter(3, holdUntil)
                .getSingleResult()).longValue();
    }

    /** Consumption totals and releases; unknown (purged) leases are ignored. */
    @Transactional
    public int report(LeaseReport report) {
        if (report == null || report.uses() == null) {
            throw Problems.single("uses", "is required");
        }
        Instant now = clock.instant();
        int updated = 0;
        for (LeaseReport.Use use : report.uses()) {
            if (use == null || use.leaseId() == null || use.consumed() < 0) {
                throw Problems.single("uses", "each use needs leaseId and consumed >= 0");
            }
            updated += em.createNativeQuery("update keys.leases set consumed = greatest(consumed, ?1), "
                    + "released_at = case when ?2 then coalesce(released_at, ?3) else released_at end "
                    + "where id = ?4").setParameter(1, use.consumed()).setParameter(2, use.release())
                    .setParameter(3, now).setParameter(4, use.leaseId()).executeUpdate();
        }
        return updated;
    }

    /** Deletes leases that can no longer matter: out of the window, closed, or settled. */
    @Transactional
    public int purge() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.leases().purgeAfter());
        int rates = em.createNativeQuery("delete from keys.leases where kind in ('RPM', 'TPM') and granted_at < ?1")
                .setParameter(1, now.minus(config.leases().window()).minus(config.leases().ttl())).executeUpdate();
        int parallel = em.createNativeQuery("delete from keys.leases where kind = 'PARALLEL' and granted_at < ?1 "
                + "and (released_at is not null or expires_at < ?1)").setParameter(1, cutoff).executeUpdate();
        int budget = em.createNativeQuery("delete from keys.leases where kind = 'BUDGET' and granted_at < ?1 and ("
                + "(released_at is not null and settled_nanos >= consumed) or expires_at < ?2)")
                .setParameter(1, cutoff).setParameter(2, now.minus(config.leases().budgetHold()).minus(
                        config.leases().purgeAfter()))
                .executeUpdate();
        return rates + parallel + budget;
    }

    @Scheduled(every = "${keys.leases.purge-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "30s")
    void scheduledPurge() {
        purge();
    }

    private String insertLease(String scope, LeaseKind kind, String gateway, long amount, Instant now,
            Instant expires) {
        String id = Ids.generate("lease");
        em.createNativeQuery("insert into keys.leases (id, scope, kind, gateway_id, amount, granted_at, expires_at) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7)").setParameter(1, id).setParameter(2, scope)
                .setParameter(3, kind.name()).setParameter(4, gateway).setParameter(5, amount).setParameter(6, now)
                .setParameter(7, expires).executeUpdate();
        return id;
    }

    private static LeaseResponse.Grant unlimited(LeaseRequest.Ask ask) {
        return new LeaseResponse.Grant(ask.scope(), ask.kind(), null, ask.amount(), UNLIMITED, UNLIMITED, null,
                null, 0);
    }

    /** The configured limit of a scope for a kind, from keys-service's records; null when unlimited. */
    private Long limitOf(Scope scope, LeaseKind kind) {
        switch (scope.type()) {
            case "key" -> {
                VirtualKeyEntity key = keys.findById(scope.id());
                if (key == null) {
                    return 0L;
                }
                if (scope.model() != null) {
                    Number value = kind == LeaseKind.RPM ? key.modelRpm.get(scope.model())
                            : kind == LeaseKind.TPM ? key.modelTpm.get(scope.model()) : null;
                    return value == null ? null : value.longValue();
                }
                return pick(kind, key.rpmLimit, key.tpmLimit, key.maxParallel);
            }
            case "user" -> {
                UserEntity user = users.findById(scope.id());
                return user == null ? Long.valueOf(0) : pick(kind, user.rpmLimit, user.tpmLimit, user.maxParallel);
            }
            default -> {
                TeamEntity team = teams.findById(scope.id());
                return team == null ? Long.valueOf(0) : pick(kind, team.rpmLimit, team.tpmLimit, team.maxParallel);
            }
        }
    }

    private static Long pick(LeaseKind kind, Long rpm, Long tpm, Integer parallel) {
        return switch (kind) {
            case RPM -> rpm;
            case TPM -> tpm;
            case PARALLEL -> parallel == null ? null : parallel.longValue();
            case BUDGET -> null;
        };
    }

    /** A lease scope: {@code key:<id>}, {@code user:<id>}, {@code team:<id>} or {@code key:<id>:model:<alias>}. */
    record Scope(String type, String id, String model) {

        static Optional<Scope> parse(String value) {
            String[] parts = value.split(":", 4);
            if (parts.length == 2 && List.of("key", "user", "team").contains(parts[0]) && !parts[1].isEmpty()) {
                return Optional.of(new Scope(parts[0], parts[1], null));
            }
            if (parts.length == 4 && parts[0].equals("key") && parts[2].equals("model") && !parts[3].isEmpty()) {
                return Optional.of(new Scope("key", parts[1], parts[3]));
            }
            return Optional.empty();
        }
    }
}
