package io.llmaas.admin.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.service.SessionService;
import io.smallrye.common.annotation.Blocking;

/** Portal sessions as JSON (never their tokens). */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SessionResource {

    private final SessionService sessions;

    public SessionResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @GET
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public List<SessionView> list(@RestQuery boolean all) {
        return sessions.list(!all, SessionPages.LIST_LIMIT).stream().map(SessionView::from).toList();
    }
}
