package io.llmaas.admin.rest;

import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.UsageQuery;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.UsageRange;
import io.llmaas.admin.service.UsageReports;
import io.llmaas.admin.service.UsageScope;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.UsageView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * My usage: spend and tokens over a date range, by model and by key, a chart, and the raw events as CSV. With
 * {@code teamId} or {@code keyId} the same for one of the user's teams or keys.
 */
@Path("/usage")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.USER)
@Blocking
public class UsagePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(UsageView view, UsageReports.Report report);
    }

    private final UsageScope scope;
    private final UsageReports reports;
    private final ActingUser me;
    private final Clock clock;

    public UsagePages(UsageScope scope, UsageReports reports, ActingUser me, Clock clock) {
        this.scope = scope;
        this.reports = reports;
        this.me = me;
        this.clock = clock;
    }

    @GET
    public TemplateInstance page(@RestQuery String from, @RestQuery String to, @RestQuery String teamId,
            @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        String team = Form.optional(teamId);
        String key = Form.optional(keyId);
        UsageQuery query = scope.forUser(me, range, team, key);
        UsageView view = UsageView.mine(range, LocalDate.now(clock), team, key);
        return Templates.page(view, reports.report(me, query, range));
    }

    /** The raw events as CSV, copied from usage-service's stream as it comes (never held in memory here). */
    @GET
    @Path("export")
    @Produces("text/csv")
    public Response export(@RestQuery String from, @RestQuery String to, @RestQuery String teamId,
            @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        UsageQuery query = scope.forUser(me, range, Form.optional(teamId), Form.optional(keyId));
        return csv(reports.exportCsv(me, query), range);
    }

    static Response csv(InputStream events, UsageRange range) {
        StreamingOutput body = out -> {
            try (events) {
                events.transferTo(out);
            }
        };
        return Response.ok(body, "text/csv")
                .header("Content-Disposition", "attachment; filename=\"usage-" + range.from() + "-to-" + range.to()
                        + ".csv\"")
                .header("Cache-Control", "no-store").build();
    }
}
