package io.llmaas.admin.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.auth.RequestKeys;
import io.llmaas.admin.service.SessionService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The admin console's list of portal logins, with revocation for admins. */
@Path("/admin/sessions")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class SessionPages {

    static final int LIST_LIMIT = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<SessionView> sessions, boolean all);
    }

    private final SessionService sessions;
    private final SecurityIdentity identity;
    private final RoutingContext routing;

    public SessionPages(SessionService sessions, SecurityIdentity identity, RoutingContext routing) {
        this.sessions = sessions;
        this.identity = identity;
        this.routing = routing;
    }

    @GET
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance list(@RestQuery boolean all) {
        return Templates.list(sessions.list(!all, LIST_LIMIT).stream().map(SessionView::from).toList(), all);
    }

    @POST
    @Path("{id}/revoke")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response revoke(@RestPath long id) {
        sessions.revoke(id, identity.getPrincipal().getName(), RequestKeys.clientIp(routing));
        return Response.seeOther(URI.create("/admin/sessions")).build();
    }
}
