package io.llmaas.admin.rest;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.UsageRange;
import io.llmaas.admin.service.UsageReports;
import io.llmaas.admin.service.UsageScope;
import io.llmaas.admin.web.Form;
import io.smallrye.common.annotation.Blocking;

/**
 * Usage as JSON, for the pages' charts and for scripts: a user's own (or one of its teams' or keys'), and, under
 * {@code /api/admin/usage}, the whole platform for the admin console. Ranges are UTC dates, both inclusive.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class UsageResource {

    private final UsageScope scope;
    private final UsageReports reports;
    private final ActingUser me;
    private final Clock clock;

    public UsageResource(UsageScope scope, UsageReports reports, ActingUser me, Clock clock) {
        this.scope = scope;
        this.reports = reports;
        this.me = me;
        this.clock = clock;
    }

    /** Requests, tokens and cost per hour (ranges of up to two days) or day. */
    @GET
    @Path("usage/chart")
    @RolesAllowed(PortalRoles.USER)
    public UsageReports.Chart chart(@RestQuery String from, @RestQuery String to, @RestQuery String teamId,
            @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        return reports.chart(me, scope.forUser(me, range, Form.optional(teamId), Form.optional(keyId)), range);
    }

    /** Totals and the largest consumers by model and by key. */
    @GET
    @Path("usage/report")
    @RolesAllowed(PortalRoles.USER)
    public UsageReports.Report report(@RestQuery String from, @RestQuery String to, @RestQuery String teamId,
            @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        return reports.report(me, scope.forUser(me, range, Form.optional(teamId), Form.optional(keyId)),
                range);
    }

    @GET
    @Path("admin/usage/chart")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public UsageReports.Chart platformChart(@RestQuery String from, @RestQuery String to, @RestQuery String userId,
            @RestQuery String teamId, @RestQuery String model, @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        return reports.chart(me, scope.forAdmin(me, range, userId, teamId, model, keyId), range);
    }

    /** Totals and the largest consumers by model, key, user and team. */
    @GET
    @Path("admin/usage/report")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public UsageReports.Report platformReport(@RestQuery String from, @RestQuery String to,
            @RestQuery String userId, @RestQuery String teamId, @RestQuery String model, @RestQuery String keyId) {
        UsageRange range = UsageRange.parse(from, to, clock);
        return reports.platformReport(me, scope.forAdmin(me, range, userId, teamId, model, keyId), range);
    }
}
