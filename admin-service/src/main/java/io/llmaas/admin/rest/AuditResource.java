package io.llmaas.admin.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.repository.AuditEntry;
import io.llmaas.admin.repository.AuditRepository;
import io.llmaas.admin.service.AuditService;
import io.llmaas.admin.service.SecretRedactor;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;

/** The audit log as JSON, with the same filters as the page ({@code from}/{@code to} as ISO-8601 instants). */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(PortalRoles.ADMIN_READONLY)
@Blocking
public class AuditResource {

    @RegisterForReflection
    public record Entry(String id, Instant at, String service, String actor, String action, String targetType,
            String targetId, JsonNode before, JsonNode after, String sourceIp, String requestId) {

        static Entry from(AuditEntry entry, ObjectMapper json) {
            return new Entry(entry.id, entry.at, entry.service, SecretRedactor.redactText(entry.actor), entry.action,
                    entry.targetType, SecretRedactor.redactText(entry.targetId), read(entry.beforeState, json),
                    read(entry.afterState, json), entry.sourceIp, entry.requestId);
        }

        private static JsonNode read(String document, ObjectMapper json) {
            try {
                return document == null ? null : SecretRedactor.redact(json.readTree(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored audit state is not JSON", e);
            }
        }
    }

    @RegisterForReflection
    public record EntryPage(List<Entry> entries, int page, int pageSize, long total) {
    }

    private final AuditService audit;
    private final ObjectMapper json;
    private final int pageSize;

    public AuditResource(AuditService audit, ObjectMapper json, AdminConfig config) {
        this.audit = audit;
        this.json = json;
        this.pageSize = config.audit().pageSize();
    }

    /** One page (1-based) of entries, newest first. */
    @GET
    public EntryPage search(@RestQuery String actor, @RestQuery String action, @RestQuery String targetType,
            @RestQuery String from, @RestQuery String to, @RestQuery String q, @RestQuery Integer page) {
        AuditRepository.Filter filter = new AuditRepository.Filter(actor, action, targetType, instant("from", from),
                instant("to", to), q);
        int pageIndex = page == null || page < 1 ? 0 : page - 1;
        AuditService.Page result = audit.search(filter, pageIndex, pageSize);
        return new EntryPage(result.entries().stream().map(entry -> Entry.from(entry, json)).toList(),
                pageIndex + 1, pageSize, result.total());
    }

    private static Instant instant(String param, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(param,
                    "'" + param + "' must be an ISO-8601 instant such as 2025-01-31T14:30:00Z");
        }
    }
}
