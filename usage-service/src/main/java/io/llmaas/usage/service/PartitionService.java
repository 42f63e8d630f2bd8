package io.llmaas.usage.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.usage.config.UsageConfig;
import io.llmaas.usage.repository.PartitionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps a daily partition ready for every day an event can land on: days ahead are created at start and hourly, and a
 * batch carrying a day nobody prepared (a late or early event) creates it before its insert. Should a row still land
 * in the default partition (another replica dropped the day meanwhile), maintenance moves it into its own partition.
 */
@ApplicationScoped
public class PartitionService {

    private static final Logger LOG = Logger.getLogger(PartitionService.class);

    private final PartitionRepository partitions;
    private final UsageConfig config;
    private final Clock clock;
    /** Days known to have a partition: the ingest path checks here, not in the catalog. */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    PartitionService(PartitionRepository partitions, UsageConfig config, Clock clock) {
        this.partitions = partitions;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        maintain();
    }

    /** Creates the partitions ahead of today and moves stray rows out of the default partition. */
    @Scheduled(every = "${usage.partitions.maintenance-every}", delayed = "${usage.partitions.maintenance-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void maintain() {
        refresh();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Set<LocalDate> wanted = new TreeSet<>();
        for (int d = -1; d <= config.partitions().daysAhead(); d++) {
            wanted.add(today.plusDays(d));
        }
        ensure(wanted);
        Collection<LocalDate> stray = QuarkusTransaction.requiringNew().call(partitions::daysInDefaultPartition);
        for (LocalDate day : stray) {
            known.remove(day);
        }
        ensure(stray);
    }

    /** Makes sure each of {@code days} has its partition, each in a transaction of its own. */
    public void ensure(Collection<LocalDate> days) {
        for (LocalDate day : days) {
            if (known.contains(day)) {
                continue;
            }
            boolean created = QuarkusTransaction.requiringNew().call(() -> partitions.ensure(day));
            if (created) {
                LOG.infof("Created usage event partition for %s", day);
            }
            known.add(day);
        }
    }

    /** Drops the partition of {@code day}, rows included. */
    public void drop(LocalDate day) {
        QuarkusTransaction.requiringNew().call(() -> partitions.drop(day));
        known.remove(day);
    }

    /** The days with a partition, as the catalog says now. */
    public Set<LocalDate> attachedDays() {
        return new TreeSet<>(QuarkusTransaction.requiringNew().call(partitions::attachedDays));
    }

    private void refresh() {
        known.retainAll(attachedDays());
    }
}
