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
import io.llmaas.admin.service.UserAdmin;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.LimitsForm;
import io.llmaas.admin.web.Notices;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The admin console's users: roles (from groups, read-only), limits, budgets, spend reset, and any user's keys. */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class UserAdminPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(String q, List<KeysApi.User> users);

        static native TemplateInstance detail(UserAdmin.UserView view, Form limits, String notice);
    }

    private final UserAdmin users;
    private final ActingUser me;

    public UserAdminPages(UserAdmin users, ActingUser me) {
        this.users = users;
        this.me = me;
    }

    @GET
    @Path("users")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance list(@RestQuery String q) {
        return Templates.list(q == null ? "" : q, users.list(me, q));
    }

    @GET
    @Path("users/{id}")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance detail(@RestPath String id, @RestQuery String notice) {
        UserAdmin.UserView view = users.get(me, id);
        KeysApi.User user = view.user();
        return Templates.detail(view, LimitsForm.of(user.rpmLimit(), user.tpmLimit(), user.maxParallel(),
                user.budget()), Notices.text(notice));
    }

    @POST
    @Path("users/{id}/limits")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response limits(@RestPath String id, MultivaluedMap<String, String> submitted) {
        return LimitsUpdate.submit(submitted, limits -> users.updateLimits(me, id, limits),
                () -> back(id, "limits-saved"), form -> Templates.detail(users.get(me, id), form, null));
    }

    @POST
    @Path("users/{id}/spend-reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response resetSpend(@RestPath String id, @RestForm String reason) {
        users.resetSpend(me, id, Form.optional(reason));
        return back(id, "spend-reset");
    }

    /** block or unblock any key: every gateway refuses a blocked key within seconds. */
    @POST
    @Path("keys/{id}/{change: block|unblock}")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response blockKey(@RestPath String id, @RestPath String change) {
        KeysApi.Key key = users.setKeyBlocked(me, id, "block".equals(change));
        return afterKeyChange(key, "block".equals(change) ? "blocked" : "unblocked");
    }

    @POST
    @Path("keys/{id}/delete")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response deleteKey(@RestPath String id) {
        return afterKeyChange(users.deleteKey(me, id), "key-deleted");
    }

    private static Response afterKeyChange(KeysApi.Key key, String notice) {
        if (key.userId() != null) {
            return back(key.userId(), notice);
        }
        return Response.seeOther(URI.create("/admin/users?notice=" + notice)).build();
    }

    private static Response back(String userId, String notice) {
        return Response.seeOther(URI.create("/admin/users/" + Paths.segment(userId) + "?notice=" + notice)).build();
    }
}
