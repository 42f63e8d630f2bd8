package io.llmaas.admin.rest;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.llmaas.admin.service.AuditService;
import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.AuditRecord;
import io.llmaas.contracts.internal.InternalApi;
import io.smallrye.common.annotation.Blocking;

/**
 * Where keys- and usage-service deliver their outboxes' audit records. The service token is checked for every
 * {@code /internal/} path by {@link io.llmaas.admin.auth.ServiceTokenFilter}; redelivered records are ignored.
 */
@Path(InternalApi.ADMIN_AUDIT)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InternalAuditResource {

    static final int MAX_RECORDS = 1000;

    private final AuditService audit;

    public InternalAuditResource(AuditService audit) {
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public AuditService.IngestResult ingest(List<AuditRecord> records) {
        if (records == null) {
            throw ApiException.badRequest(null, "The body must be a JSON array of audit records");
        }
        if (records.size() > MAX_RECORDS) {
            throw ApiException.badRequest(null, "At most " + MAX_RECORDS + " records per call");
        }
        return audit.ingest(records);
    }
}
