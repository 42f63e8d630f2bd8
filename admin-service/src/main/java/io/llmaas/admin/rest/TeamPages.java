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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.Catalog;
import io.llmaas.admin.service.MyKeys;
import io.llmaas.admin.service.MyTeams;
import io.llmaas.admin.service.SettingsService;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.KeyForm;
import io.llmaas.admin.web.Notices;
import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** My teams: members, team keys, subscriptions, budget and spend; team admins manage members and subscriptions. */
@Path("/teams")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.USER)
@Blocking
public class TeamPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<KeysApi.Team> teams);

        static native TemplateInstance detail(MyTeams.TeamView view, KeyForm keyForm, List<String> models,
                String notice, String problem);
    }

    private final MyTeams teams;
    private final MyKeys keys;
    private final Catalog catalog;
    private final SettingsService settings;
    private final ActingUser me;

    public TeamPages(MyTeams teams, MyKeys keys, Catalog catalog, SettingsService settings, ActingUser me) {
        this.teams = teams;
        this.keys = keys;
        this.catalog = catalog;
        this.settings = settings;
        this.me = me;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(teams.list(me));
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id, @RestQuery String notice) {
        return page(id, Form.empty(), Notices.text(notice), null);
    }

    /** Adds a member by login name, or changes a member's role (team admins). */
    @POST
    @Path("{id}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMember(@RestPath String id, @RestForm String loginName, @RestForm String role) {
        teams.addMember(me, id, loginName == null ? null : loginName.trim(), role);
        return back(id, "member-saved");
    }

    @POST
    @Path("{id}/members/{userId}/remove")
    public Response removeMember(@RestPath String id, @RestPath String userId) {
        teams.removeMember(me, id, userId);
        return back(id, "member-removed");
    }

    /** Subscribes the team to a model (team admins); restricted models wait for approval. */
    @POST
    @Path("{id}/subscriptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(@RestPath String id, @RestForm String model, @RestForm String reason) {
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("model", "choose a model");
        }
        teams.subscribe(me, id, model, Form.optional(reason));
        return back(id, "team-subscribed");
    }

    /** Creates a team key and shows its secret this once. */
    @POST
    @Path("{id}/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createKey(@RestPath String id, MultivaluedMap<String, String> submitted,
            @RestHeader("HX-Request") String htmx) {
        Form form = Form.submitted(submitted);
        var request = KeyForm.read(form, id);
        try {
            if (!form.invalid()) {
                return KeyPages.shown(keys.create(me, request), false, "/teams/" + Paths.segment(id), htmx);
            }
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            form.withErrors(e.fields().isEmpty() ? List.of(new ApiError.FieldError("form", e.getMessage()))
                    : e.fields());
        }
        return Response.status(400).entity(page(id, form, null, "The team key was not created: correct the "
                + "fields marked below.")).build();
    }

    private TemplateInstance page(String id, Form keyValues, String notice, String problem) {
        MyTeams.TeamView view = teams.get(me, id);
        KeyForm keyForm = KeyForm.of(keyValues, settings.current(), keys.modelChoices(me, id),
                "/teams/" + Paths.segment(id) + "/keys");
        List<String> models = view.admin() ? catalog.entries(me).stream().map(e -> e.model().alias()).toList()
                : List.of();
        return Templates.detail(view, keyForm, models, notice, problem);
    }

    private static Response back(String id, String notice) {
        return Response.seeOther(URI.create("/teams/" + Paths.segment(id) + "?notice=" + notice)).build();
    }
}
