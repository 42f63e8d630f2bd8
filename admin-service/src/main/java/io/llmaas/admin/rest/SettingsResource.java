package io.llmaas.admin.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.auth.RequestKeys;
import io.llmaas.admin.service.KeySettings;
import io.llmaas.admin.service.SettingsService;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** Self-service key settings as JSON: every portal user reads them (the key form needs them), admins change them. */
@Path("/api/settings")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SettingsResource {

    private final SettingsService settings;
    private final SecurityIdentity identity;
    private final RoutingContext routing;

    public SettingsResource(SettingsService settings, SecurityIdentity identity, RoutingContext routing) {
        this.settings = settings;
        this.identity = identity;
        this.routing = routing;
    }

    @GET
    @RolesAllowed(PortalRoles.USER)
    public KeySettings get() {
        return settings.current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(PortalRoles.ADMIN)
    public KeySettings update(KeySettings requested) {
        if (requested == null) {
            throw ApiException.badRequest(null, "The request body must be the settings as JSON");
        }
        return settings.update(requested, identity.getPrincipal().getName(),
                RequestKeys.clientIp(routing));
    }
}
