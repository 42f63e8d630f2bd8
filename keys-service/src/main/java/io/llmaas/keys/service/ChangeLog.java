package io.llmaas.keys.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.llmaas.contracts.internal.ChangeFeed;
import io.llmaas.keys.config.KeysConfig;
import io.llmaas.keys.repository.KeySecretRepository;
import io.quarkus.scheduler.Scheduled;

/**
 * The changes feed gateways poll. Entries are appended in the transaction of the change; their sequence numbers come
 * from one counter row that transaction locks, so sequences commit in order and a reader advancing its cursor never
 * skips an entry. A change to a user, team, subscription, budget or the visible catalog writes one KEY entry per
 * affected key hash.
 */
@ApplicationScoped
public class ChangeLog {

    private final EntityManager em;
    private final KeySecretRepository secrets;
    private final Clock clock;
    private final KeysConfig config;

    public ChangeLog(EntityManager em, KeySecretRepository secrets, Clock clock, KeysConfig config) {
        this.em = em;
        this.secrets = secrets;
        this.clock = clock;
        this.config = config;
    }

    /** KEY entries for every hash (current and in grace) of these keys. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keysChanged(Collection<String> keyIds) {
        keyHashesChanged(secrets.hashesOf(new LinkedHashSet<>(keyIds)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void keyHashesChanged(Collection<String> hashes) {
        List<String> entries = new ArrayList<>(new LinkedHashSet<>(hashes));
        append(ChangeFeed.Kind.KEY, entries);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void routingChanged() {
        List<String> one = new ArrayList<>();
        one.add(null);
        append(ChangeFeed.Kind.ROUTING, one);
    }

    private void append(ChangeFeed.Kind kind, List<String> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(clock.instant());
        em.unwrap(Session.class).doWork(connection -> {
            long head;
            try (PreparedStatement lock = connection.prepareStatement(
                    "select head from keys.change_counter where id = 1 for update");
                    ResultSet rs = lock.executeQuery()) {
                rs.next();
                head = rs.getLong(1);
            }
            try (PreparedStatement bump = connection.prepareStatement(
                    "update keys.change_counter set head = ? where id = 1")) {
                bump.setLong(1, head + hashes.size());
                bump.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into keys.change_log (seq, kind, key_hash, created_at) values (?, ?, ?, ?)")) {
                long seq = head;
                for (String hash : hashes) {
                    insert.setLong(1, ++seq);
                    insert.setString(2, kind.name());
                    insert.setString(3, hash);
                    insert.setTimestamp(4, at);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** The page of the feed after {@code after}; see {@link ChangeFeed} for {@code -1} and {@code reset}. */
    @Transactional
    public ChangeFeed read(long after, int limit) {
        int pageSize = Math.max(1, Math.min(limit, config.changes().maxLimit()));
        Object[] counter = (Object[]) em.createNativeQuery(
                "select head, purged_through from keys.change_counter where id = 1").getSingleResult();
        long head = ((Number) counter[0]).longValue();
        long purgedThrough = ((Number) counter[1]).longValue();
        if (after < 0) {
            return new ChangeFeed(head, false, List.of());
        }
        if (after < purgedThrough || after > head) {
            return new ChangeFeed(head, true, List.of());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select seq, kind, key_hash from keys.change_log "
                + "where seq > ?1 order by seq limit ?2")
                .setParameter(1, after).setParameter(2, pageSize).getResultList();
        List<ChangeFeed.Change> changes = new ArrayList<>(rows.size());
        long cursor = after;
        for (Object[] row : rows) {
            cursor = ((Number) row[0]).longValue();
            changes.add(new ChangeFeed.Change(cursor, ChangeFeed.Kind.valueOf((String) row[1]), (String) row[2]));
        }
        return new ChangeFeed(cursor, false, changes);
    }

    public long head() {
        return ((Number) em.createNativeQuery("select head from keys.change_counter where id = 1")
                .getSingleResult()).longValue();
    }

    /** Drops entries older than the retention; cursors before them are then answered with a reset. */
    @Transactional
    public int purge() {
        Instant cutoff = clock.instant().minus(config.changes().retention());
        Object max = em.createNativeQuery("select max(seq) from keys.change_log where created_at < ?1")
                .setParameter(1, cutoff).getSingleResult();
        if (max == null) {
            return 0;
        }
        long through = ((Number) max).longValue();
        int deleted = em.createNativeQuery("delete from keys.change_log where seq <= ?1")
                .setParameter(1, through).executeUpdate();
        em.createNativeQuery("update keys.change_counter set purged_through = greatest(purged_through, ?1) "
                + "where id = 1").setParameter(1, through).executeUpdate();
        return deleted;
    }

    @Scheduled(every = "${keys.changes.purge-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "30s")
    void scheduledPurge() {
        purge();
    }
}
