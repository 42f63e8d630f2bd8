package io.llmaas.keys.service;

/** Settable fields of a deployment. {@code apiKey} is write-only: set, replace, or clear with null. */
public record DeploymentFields(Settable<String> id, Settable<String> backend, Settable<String> baseUrl,
        Settable<String> upstreamModel, Settable<Integer> weight, Settable<Long> rpmLimit, Settable<Long> tpmLimit,
        Settable<Integer> connectTimeoutMs, Settable<Integer> firstByteTimeoutMs, Settable<Integer> idleTimeoutMs,
        Settable<String> apiKey) {
}
