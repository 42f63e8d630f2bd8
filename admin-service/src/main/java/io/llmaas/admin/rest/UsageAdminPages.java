package io.llmaas.admin.rest;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.UsageApi;
import io.llmaas.admin.client.UsageQuery;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.UsageRange;
import io.llmaas.admin.service.UsageReports;
import io.llmaas.admin.service.UsageScope;
import io.llmaas.admin.web.UsageView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The admin console's usage analytics (by user, team, model and key, with a chart and CSV) and budget alerts. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.ADMIN_READONLY)
@Blocking
public class UsageAdminPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance usage(UsageView view, UsageReports.Report report);

        static native TemplateInstance alerts(String state, List<UsageApi.Alert> alerts);
    }

    static final List<String> ALERT_STATES = List.of("pending", "delivered", "failed", "no_webhook");

    /** The delivery states to filter alerts by ({@code alerts:states}). */
    @TemplateExtension(namespace = "alerts")
    static List<String> states() {
        return ALERT_STATES;
    }
    static final int ALERTS_SHOWN = 200;

    private final UsageScope scope;
    private final UsageReports reports;
    private final ActingUser me;
    private final Clock clock;

    public UsageAdminPages(UsageScope scope, UsageReports reports, ActingUser me, Clock clock) {
        this.scope = scope;
        this.reports = reports;
        this.me = me;
        this.clock = clock;
    }

    @GET
    @Path("usage")
    public TemplateInstance usage(@RestQuery String from, @RestQuery String to, @RestQuery String userId,
            @RestQuery String teamId, @RestQuery String model, @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        UsageQuery query = scope.forAdmin(me, range, userId, teamId, model, keyId);
        UsageView view = UsageView.platform(range, LocalDate.now(clock), userId, teamId, model, keyId);
        return Templates.usage(view, reports.platformReport(me, query, range));
    }

    @GET
    @Path("usage/export")
    @Produces("text/csv")
    public Response export(@RestQuery String from, @RestQuery String to, @RestQuery String userId,
            @RestQuery String teamId, @RestQuery String model, @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        return UsagePages.csv(reports.exportCsv(me, scope.forAdmin(me, range, userId, teamId, model, keyId)), range);
    }

    /** Budget alerts from usage-service, newest first, with their webhook delivery state. */
    @GET
    @Path("alerts")
    public TemplateInstance alerts(@RestQuery String state) {
        String shown = state != null && ALERT_STATES.contains(state) ? state : null;
        return Templates.alerts(shown == null ? "" : shown, reports.alerts(me, shown, ALERTS_SHOWN));
    }
}
