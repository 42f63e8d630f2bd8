package io.llmaas.usage.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.usage.client.KeysClient;
import io.llmaas.usage.repository.RollupRepository;
import io.llmaas.usage.repository.RollupRepository.KeyDay;
import io.llmaas.usage.repository.SettlementRepository;
import io.llmaas.usage.repository.SettlementRepository.Unsettled;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Ledger and usage must agree: for every key and UTC day, keys-service's settled spend equals the sum of our usage
 * events minus what our outbox has not yet settled. Our side is read in one snapshot before the ledger is fetched;
 * batches that keys-service accepted in between are then counted as settled, so a settlement racing the check does
 * not show up as a difference.
 */
@ApplicationScoped
public class ReconciliationService {

    private final RollupRepository rollups;
    private final SettlementRepository outbox;
    private final KeysClient keys;

    ReconciliationService(RollupRepository rollups, SettlementRepository outbox, KeysClient keys) {
        this.rollups = rollups;
        this.outbox = outbox;
        this.keys = keys;
    }

    /** One key and day on which the ledger differs from usage. */
    public record Difference(String keyId, LocalDate day, BigDecimal usageCostUsd, BigDecimal unsettledCostUsd,
            BigDecimal expectedLedgerCostUsd, BigDecimal ledgerCostUsd, BigDecimal differenceUsd, long usageRequests,
            long unsettledRequests, long ledgerRequests) {
    }

    public record Report(Instant from, Instant to, int keyDaysChecked, BigDecimal usageCostUsd,
            BigDecimal unsettledCostUsd, BigDecimal ledgerCostUsd, List<Difference> differences) {
    }

    private record OurSide(List<KeyDay> usage, List<Unsettled> unsettled) {
    }

    /** Compares {@code [from, to)} (whole UTC days). */
    public Report reconcile(Instant from, Instant to) {
        OurSide ours = QuarkusTransaction.requiringNew().call(() -> {
            outbox.repeatableRead();
            return new OurSide(rollups.costPerKeyAndDay(from, to), outbox.unsettled(from, to));
        });
        LedgerReport ledger;
        try {
            ledger = keys.ledger(from, to);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("keys-service did not answer the ledger query: " + e.getClass()
                    .getSimpleName());
        }
        List<String> batchIds = ours.unsettled().stream().map(Unsettled::batchId).filter(id -> id != null)
                .distinct().toList();
        Set<String> settledMeanwhile = new HashSet<>(QuarkusTransaction.requiringNew()
                .call(() -> outbox.sentAmong(batchIds)));

        Map<String, Cell> cells = new TreeMap<>();
        for (KeyDay u : ours.usage()) {
            Cell c = cell(cells, u.keyId(), u.day());
            c.usageCost = c.usageCost.add(u.costUsd());
            c.usageRequests += u.requests();
        }
        for (Unsettled u : ours.unsettled()) {
            if (u.batchId() != null && settledMeanwhile.contains(u.batchId())) {
                continue;
            }
            Cell c = cell(cells, u.keyId(), u.day());
            c.unsettledCost = c.unsettledCost.add(u.costUsd());
            c.unsettledRequests += u.requests();
        }
        if (ledger != null && ledger.rows() != null) {
            for (LedgerReport.Row row : ledger.rows()) {
                Cell c = cell(cells, row.keyId(), LocalDate.ofInstant(row.day(), ZoneOffset.UTC));
                c.ledgerCost = c.ledgerCost.add(row.costUsd() == null ? BigDecimal.ZERO : row.costUsd());
                c.ledgerRequests += row.requests();
            }
        }
        BigDecimal usage = BigDecimal.ZERO;
        BigDecimal unsettled = BigDecimal.ZERO;
        BigDecimal settled = BigDecimal.ZERO;
        List<Difference> differences = new ArrayList<>();
        for (Cell c : cells.values()) {
            usage = usage.add(c.usageCost);
            unsettled = unsettled.add(c.unsettledCost);
            settled = settled.add(c.ledgerCost);
            BigDecimal expected = c.usageCost.subtract(c.unsettledCost);
            long expectedRequests = c.usageRequests - c.unsettledRequests;
            if (expected.compareTo(c.ledgerCost) != 0 || expectedRequests != c.ledgerRequests) {
                differences.add(new Difference(c.keyId, c.day, c.usageCost, c.unsettledCost, expected, c.ledgerCost,
                        c.ledgerCost.subtract(expected), c.usageRequests, c.unsettledRequests, c.ledgerRequests));
            }
        }
        return new Report(from, to, cells.size(), usage, unsettled, settled, differences);
    }

    private static Cell cell(Map<String, Cell> cells, String keyId, LocalDate day) {
        return cells.computeIfAbsent(keyId + "\u0000" + day, k -> new Cell(keyId, day));
    }

    /** Running sums of one key and day while the three sources are merged. */
    private static final class Cell {
        final String keyId;
        final LocalDate day;
        BigDecimal usageCost = BigDecimal.ZERO;
        BigDecimal unsettledCost = BigDecimal.ZERO;
        BigDecimal ledgerCost = BigDecimal.ZERO;
        long usageRequests;
        long unsettledRequests;
        long ledgerRequests;

        Cell(String keyId, LocalDate day) {
            this.keyId = keyId;
            this.day = day;
        }
    }
}
