package io.llmaas.contracts.internal;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /internal/audit} (a list of these): one change made through any management API, shipped to
 * admin-service, which owns the audit log. Secrets are redacted before a record leaves its service.
 *
 * @param id        unique per record, so redelivery from an outbox is idempotent
 * @param actor     who: a user id, {@code master-key}, or {@code key:<prefix>}
 * @param action    e.g. {@code key.create}, {@code subscription.approve}
 * @param before    the object before the change (null on create), redacted
 * @param after     the object after the change (null on delete), redacted
 * @param sourceIp  where the call came from
 */
@RegisterForReflection
public record AuditRecord(String id, Instant at, String service, String actor, String action, String targetType,
        String targetId, JsonNode before, JsonNode after, String sourceIp, String requestId) {
}
