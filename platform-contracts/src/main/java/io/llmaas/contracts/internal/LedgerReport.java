package io.llmaas.contracts.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /internal/ledger?from=&to=}: the spend keys-service's ledger has settled, per key and UTC day, for
 * usage-service's reconciliation (ledger vs the sum of usage events). Only settled spend counts: manual adjustments
 * such as a spend reset are reported separately by keys-service and never change these totals.
 */
@RegisterForReflection
public record LedgerReport(Instant from, Instant to, List<Row> rows) {

    @RegisterForReflection
    public record Row(String keyId, Instant day, BigDecimal costUsd, long requests) {
    }
}
