package io.llmaas.admin.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.repository.AuditEntry;
import io.llmaas.admin.repository.AuditRepository;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.http.RequestIds;
import io.llmaas.contracts.internal.AuditRecord;

/** The audit log: records from the other services' outboxes and admin-service's own changes, and queries on it. */
@ApplicationScoped
public class AuditService {

    public static final String SERVICE = "admin-service";

    /** One page of a search. */
    public record Page(List<AuditEntry> entries, int pageIndex, int pageSize, long total) {

        public int pageCount() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }

        public boolean hasPrevious() {
            return pageIndex > 0;
        }

        public boolean hasNext() {
            return pageIndex + 1 < pageCount();
        }
    }

    /** Outcome of an ingest call: how many records were new and how many were already stored. */
    public record IngestResult(int accepted, int duplicates) {
    }

    private final AuditRepository repository;
    private final ObjectMapper json;

    public AuditService(AuditRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** Stores records shipped by another service; idempotent by record id. */
    @Transactional
    public IngestResult ingest(List<AuditRecord> records) {
        Instant now = Instant.now();
        int accepted = 0;
        for (AuditRecord record : records) {
            if (repository.insertIfAbsent(toEntry(record, now))) {
                accepted++;
            }
        }
        return new IngestResult(accepted, records.size() - accepted);
    }

    /** Records a change made by admin-service itself, in the caller's transaction. */
    @Transactional
    public void record(String actor, String action, String targetType, String targetId, Object before, Object after,
            String sourceIp) {
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        AuditRecord record = new AuditRecord("adm_" + UUID.randomUUID().toString().replace("-", ""), Instant.now(),
                SERVICE, actor, action, targetType, targetId, toJson(before), toJson(after), sourceIp,
                requestId == null ? null : requestId.toString());
        repository.insertIfAbsent(toEntry(record, record.at()));
    }

    @Transactional
    public Page search(AuditRepository.Filter filter, int pageIndex, int pageSize) {
        int page = Math.max(0, pageIndex);
        return new Page(repository.search(filter, page, pageSize), page, pageSize, repository.count(filter));
    }

    @Transactional
    public Optional<AuditEntry> find(String id) {
        return repository.findByIdOptional(id);
    }

    private AuditEntry toEntry(AuditRecord record, Instant receivedAt) {
        if (record.id() == null || record.id().isBlank() || record.id().length() > 64) {
            throw ApiException.badRequest("id", "every audit record needs an id of at most 64 characters");
        }
        if (record.action() == null || record.action().isBlank()) {
            throw ApiException.badRequest("action", "every audit record needs an action");
        }
        AuditEntry entry = new AuditEntry();
        entry.id = record.id();
        entry.at = record.at() != null ? record.at() : receivedAt;
        entry.service = limit(record.service() != null ? record.service() : "unknown", 32);
        entry.actor = limit(SecretRedactor.redactText(record.actor() != null ? record.actor() : "unknown"), 255);
        entry.action = limit(record.action(), 128);
        entry.targetType = limit(record.targetType(), 64);
        entry.targetId = limit(SecretRedactor.redactText(record.targetId()), 255);
        entry.beforeState = write(SecretRedactor.redact(record.before()));
        entry.afterState = write(SecretRedactor.redact(record.after()));
        entry.sourceIp = limit(record.sourceIp(), 64);
        entry.requestId = limit(record.requestId(), 128);
        entry.receivedAt = receivedAt;
        return entry;
    }

    private JsonNode toJson(Object value) {
        return value == null ? null : json.valueToTree(value);
    }

    private String write(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an audit state", e);
        }
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
