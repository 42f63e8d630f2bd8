package io.llmaas.admin.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.service.AuditService;
import io.llmaas.admin.web.AuditQuery;
import io.llmaas.admin.web.AuditView;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The admin console's audit log: filterable, paged list and a before/after view of one entry. */
@Path("/admin/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.ADMIN_READONLY)
@Blocking
public class AuditPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AuditQuery filter, List<AuditView.Row> rows, String rangeText,
                int pageNumber, int pageCount, String previousLink, String nextLink, String problem);

        static native TemplateInstance list$results(List<AuditView.Row> rows, String rangeText, int pageNumber,
                int pageCount, String previousLink, String nextLink, String problem);

        static native TemplateInstance detail(AuditView.Detail entry);
    }

    private final AuditService audit;
    private final ObjectMapper json;
    private final int pageSize;

    public AuditPages(AuditService audit, ObjectMapper json, AdminConfig config) {
        this.audit = audit;
        this.json = json;
        this.pageSize = config.audit().pageSize();
    }

    /**
     * The whole page, or only the results when htmx asks (filters changed, another page); htmx restoring a page from
     * history (back button) needs the whole page again.
     */
    @GET
    public TemplateInstance list(@RestQuery String actor, @RestQuery String action, @RestQuery String targetType,
            @RestQuery String from, @RestQuery String to, @RestQuery String q, @RestQuery Integer page,
            @RestHeader("HX-Request") String htmx, @RestHeader("HX-History-Restore-Request") String restore) {
        AuditQuery query = AuditQuery.of(actor, action, targetType, from, to, q);
        int pageIndex = page == null || page < 1 ? 0 : page - 1;
        List<AuditView.Row> rows = List.of();
        String rangeText = "";
        int pageCount = 1;
        String previous = null;
        String next = null;
        String problem = null;
        try {
            AuditService.Page result = audit.search(query.toFilter(), pageIndex, pageSize);
            rows = result.entries().stream().map(AuditView.Row::from).toList();
            pageCount = result.pageCount();
            long first = (long) result.pageIndex() * pageSize + 1;
            rangeText = rows.isEmpty() ? "" : first + "–" + (first + rows.size() - 1) + " of " + result.total();
            previous = result.hasPrevious() ? query.link(result.pageIndex()) : null;
            next = result.hasNext() ? query.link(result.pageIndex() + 2) : null;
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (htmx != null && restore == null) {
            return Templates.list$results(rows, rangeText, pageIndex + 1, pageCount, previous, next, problem);
        }
        return Templates.list(query, rows, rangeText, pageIndex + 1, pageCount, previous, next, problem);
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id) {
        return audit.find(id).map(entry -> Templates.detail(AuditView.Detail.from(entry, json)))
                .orElseThrow(() -> ApiException.notFound("Audit entry", id));
    }
}
