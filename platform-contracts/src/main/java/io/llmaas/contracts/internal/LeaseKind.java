package io.llmaas.contracts.internal;

/**
 * What a lease is a slice of. Amount units: RPM requests, TPM tokens, PARALLEL concurrent slots (absolute number held
 * by the asking gateway), BUDGET nano-dollars.
 */
public enum LeaseKind {
    RPM,
    TPM,
    PARALLEL,
    BUDGET
}
