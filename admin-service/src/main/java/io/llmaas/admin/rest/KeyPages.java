package io.llmaas.admin.rest;

import java.net.URI;
import java.time.Duration;
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
import io.llmaas.admin.service.KeyRequest;
import io.llmaas.admin.service.MyKeys;
import io.llmaas.admin.service.SettingsService;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.KeyForm;
import io.llmaas.admin.web.Notices;
import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * My API keys: list, create, rotate with a grace period, block, unblock, delete. The secret of a new or rotated key
 * is in the answer to that POST and nowhere else: htmx swaps it into the page without a new address or history entry,
 * so reloading the page shows the list without it, and no endpoint can show it again.
 */
@Path("/keys")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.USER)
@Blocking
public class KeyPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<KeysApi.Key> keys, KeyForm keyForm, String notice);

        static native TemplateInstance list$createForm(KeyForm keyForm);

        static native TemplateInstance detail(KeysApi.Key key, String notice);

        static native TemplateInstance secret(KeysApi.CreatedKey created, boolean rotated, String backHref);

        static native TemplateInstance secret$panel(KeysApi.CreatedKey created, boolean rotated, String backHref);
    }

    private final MyKeys keys;
    private final SettingsService settings;
    private final ActingUser me;

    public KeyPages(MyKeys keys, SettingsService settings, ActingUser me) {
        this.keys = keys;
        this.settings = settings;
        this.me = me;
    }

    @GET
    public TemplateInstance list(@RestQuery String notice) {
        return Templates.list(keys.list(me), KeyForm.blank(settings.current(), keys.modelChoices(me, null), "/keys"),
                Notices.text(notice));
    }

    /** Creates a key and shows its secret this once; a refused form comes back with its problems (400). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> submitted, @RestHeader("HX-Request") String htmx) {
        Form form = Form.submitted(submitted);
        KeyRequest request = KeyForm.read(form, null);
        try {
            if (!form.invalid()) {
                return shown(keys.create(me, request), false, "/keys", htmx);
            }
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            form.withErrors(e.fields().isEmpty() ? List.of(new ApiError.FieldError("form", e.getMessage()))
                    : e.fields());
        }
        KeyForm keyForm = KeyForm.of(form, settings.current(), keys.modelChoices(me, null), "/keys");
        TemplateInstance page = htmx != null ? Templates.list$createForm(keyForm)
                : Templates.list(keys.list(me), keyForm, null);
        return Response.status(400).entity(page).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id, @RestQuery String notice) {
        return Templates.detail(keys.manageable(me, id), Notices.text(notice));
    }

    /** A new secret, shown this once; the old one keeps working for the chosen grace period. */
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotate(@RestPath String id, @RestForm Long graceMinutes, @RestHeader("HX-Request") String htmx) {
        KeysApi.CreatedKey rotated = keys.rotate(me, id, Duration.ofMinutes(graceMinutes == null ? 0 : graceMinutes));
        return shown(rotated, true, "/keys/" + Paths.segment(id), htmx);
    }

    @POST
    @Path("{id}/block")
    public Response block(@RestPath String id) {
        keys.setBlocked(me, id, true);
        return Response.seeOther(URI.create("/keys/" + Paths.segment(id) + "?notice=blocked")).build();
    }

    @POST
    @Path("{id}/unblock")
    public Response unblock(@RestPath String id) {
        keys.setBlocked(me, id, false);
        return Response.seeOther(URI.create("/keys/" + Paths.segment(id) + "?notice=unblocked")).build();
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@RestPath String id) {
        KeysApi.Key deleted = keys.delete(me, id);
        String back = deleted.teamId() != null && !me.id().equals(deleted.userId())
                ? "/teams/" + Paths.segment(deleted.teamId()) : "/keys";
        return Response.seeOther(URI.create(back + "?notice=key-deleted")).build();
    }

    /** The page (or, for htmx, the panel) that shows a secret once; never stored by the browser or a proxy. */
    static Response shown(KeysApi.CreatedKey created, boolean rotated, String backHref, String htmx) {
        TemplateInstance page = htmx != null ? Templates.secret$panel(created, rotated, backHref)
                : Templates.secret(created, rotated, backHref);
        return Response.ok(page).header("Cache-Control", "no-store").build();
    }
}
