package io.llmaas.contracts.internal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Asks keys-service who a key is. Sent as a POST body so that not even the hash appears in a URL or access log. */
@RegisterForReflection
public record KeyVerifyRequest(String keyHash) {
}
