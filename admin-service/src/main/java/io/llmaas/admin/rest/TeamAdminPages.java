package io.llmaas.admin.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.TeamAdmin;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.LimitsForm;
import io.llmaas.admin.web.Notices;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The admin console's teams: create, members, limits, budgets, spend reset, delete. */
@Path("/admin/teams")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class TeamAdminPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<KeysApi.Team> teams, Form form, String notice);

        static native TemplateInstance detail(TeamAdmin.TeamView view, Form limits, String notice);
    }

    private final TeamAdmin teams;
    private final ActingUser me;

    public TeamAdminPages(TeamAdmin teams, ActingUser me) {
        this.teams = teams;
        this.me = me;
    }

    @GET
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance list(@RestQuery String notice) {
        return Templates.list(teams.list(me), Form.empty(), Notices.text(notice));
    }

    /** A new team, with its first team admin when a login name is given. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response create(MultivaluedMap<String, String> submitted) {
        Form form = Form.submitted(submitted);
        try {
            KeysApi.Team team = teams.create(me, form.text("alias"), form.text("adminLogin"));
            return back(team.id(), "team-created");
        } catch (ApiException e) {
            form.refusedBy(e);
        }
        return Response.status(400).entity(Templates.list(teams.list(me), form, null)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance detail(@RestPath String id, @RestQuery String notice) {
        TeamAdmin.TeamView view = teams.get(me, id);
        KeysApi.Team team = view.team();
        return Templates.detail(view, LimitsForm.of(team.rpmLimit(), team.tpmLimit(), team.maxParallel(),
                team.budget()), Notices.text(notice));
    }

    @POST
    @Path("{id}/limits")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response limits(@RestPath String id, MultivaluedMap<String, String> submitted) {
        return LimitsUpdate.submit(submitted, limits -> teams.updateLimits(me, id, limits),
                () -> back(id, "limits-saved"), form -> Templates.detail(teams.get(me, id), form, null));
    }

    @POST
    @Path("{id}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response addMember(@RestPath String id, @RestForm String loginName, @RestForm String role) {
        teams.addMember(me, id, loginName, role);
        return back(id, "member-saved");
    }

    @POST
    @Path("{id}/members/{userId}/remove")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response removeMember(@RestPath String id, @RestPath String userId) {
        teams.removeMember(me, id, userId);
        return back(id, "member-removed");
    }

    @POST
    @Path("{id}/spend-reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response resetSpend(@RestPath String id, @RestForm String reason) {
        teams.resetSpend(me, id, Form.optional(reason));
        return back(id, "spend-reset");
    }

    @POST
    @Path("{id}/delete")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response delete(@RestPath String id) {
        teams.delete(me, id);
        return Response.seeOther(URI.create("/admin/teams?notice=team-deleted")).build();
    }

    private static Response back(String id, String notice) {
        return Response.seeOther(URI.create("/admin/teams/" + Paths.segment(id) + "?notice=" + notice)).build();
    }
}
