package io.llmaas.keys.rest.dto;

import java.time.Instant;

import io.llmaas.keys.entity.DeploymentEntity;

/** A deployment; the upstream API key is write-only and shows only as {@code apiKeySet}. */
public record DeploymentView(String id, String backend, String baseUrl, String upstreamModel, int weight,
        Long rpmLimit, Long tpmLimit, Integer connectTimeoutMs, Integer firstByteTimeoutMs, Integer idleTimeoutMs,
        boolean apiKeySet, Instant createdAt, Instant updatedAt) {

    public static DeploymentView from(DeploymentEntity d) {
        return new DeploymentView(d.id, d.backend, d.baseUrl, d.upstreamModel, d.weight, d.rpmLimit, d.tpmLimit,
                d.connectTimeoutMs, d.firstByteTimeoutMs, d.idleTimeoutMs, d.apiKeyEncrypted != null, d.createdAt,
                d.updatedAt);
    }
}
