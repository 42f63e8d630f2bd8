package io.llmaas.admin.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.auth.RequestKeys;
import io.llmaas.admin.service.KeySettings;
import io.llmaas.admin.service.SettingsService;
import io.llmaas.admin.web.AuditView;
import io.llmaas.admin.web.SettingsForm;
import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The admin console's key settings page: everyone in the console sees it, only admins save it. */
@Path("/admin/settings")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class SettingsPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<SettingsForm.Field> fields, boolean editable, boolean saved,
                List<ApiError.FieldError> errors, String updatedBy, String updatedAt);
    }

    private final SettingsService settings;
    private final SecurityIdentity identity;
    private final RoutingContext routing;

    public SettingsPages(SettingsService settings, SecurityIdentity identity, RoutingContext routing) {
        this.settings = settings;
        this.identity = identity;
        this.routing = routing;
    }

    @GET
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance page(@RestQuery boolean saved) {
        KeySettings current = settings.current();
        return Templates.page(SettingsForm.of(current), identity.hasRole(PortalRoles.ADMIN), saved, List.of(),
                current.updatedBy(), AuditView.time(current.updatedAt()));
    }

    /** Saves the form and shows the page again (POST-redirect-GET), or the form with its problems (400). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response save(MultivaluedMap<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((name, list) -> values.put(name, list.isEmpty() ? null : list.get(0)));
        List<ApiError.FieldError> problems = new ArrayList<>();
        KeySettings requested = SettingsForm.parse(values, problems);
        if (problems.isEmpty()) {
            try {
                settings.update(requested, identity.getPrincipal().getName(), RequestKeys.clientIp(routing));
                return Response.seeOther(URI.create("/admin/settings?saved=true")).build();
            } catch (ApiException e) {
                problems.addAll(e.fields());
            }
        }
        KeySettings current = settings.current();
        return Response.status(400).entity(Templates.page(SettingsForm.of(values, problems), true, false, problems,
                current.updatedBy(), AuditView.time(current.updatedAt()))).type(MediaType.TEXT_HTML).build();
    }
}
