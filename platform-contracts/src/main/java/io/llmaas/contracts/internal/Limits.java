package io.llmaas.contracts.internal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Rate limits of one scope; {@code null} means unlimited. RPM/TPM are per sliding minute. */
@RegisterForReflection
public record Limits(Long rpm, Long tpm, Integer maxParallel) {

    public static final Limits NONE = new Limits(null, null, null);

    public boolean any() {
        return rpm != null || tpm != null || maxParallel != null;
    }
}
