package io.llmaas.admin.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.Catalog;
import io.llmaas.admin.service.KeySettings;
import io.llmaas.admin.service.SettingsService;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.GatewaySnippets;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** The portal's own pages for every user: overview, how to call the gateway, logging out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PortalPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(KeySettings settings, String baseUrl);

        static native TemplateInstance gateway(String baseUrl, String model, List<String> models,
                List<GatewaySnippets.Snippet> snippets, String problem, String modelsProblem);

        static native TemplateInstance snippets(List<GatewaySnippets.Snippet> snippets, String problem);

        static native TemplateInstance loggedOut();
    }

    private final SettingsService settings;
    private final Catalog catalog;
    private final ActingUser me;
    private final OidcSession oidcSession;
    private final String baseUrl;

    public PortalPages(SettingsService settings, Catalog catalog, ActingUser me, OidcSession oidcSession,
            AdminConfig config) {
        this.settings = settings;
        this.catalog = catalog;
        this.me = me;
        this.oidcSession = oidcSession;
        this.baseUrl = GatewaySnippets.baseUrl(config.gatewayUrl());
    }

    @GET
    @RolesAllowed(PortalRoles.USER)
    @Blocking
    public TemplateInstance home() {
        return Templates.home(settings.current(), baseUrl);
    }

    /**
     * How to call the gateway, with a choice among the models the user may call now. Without keys-service the page
     * still works: the model name is typed instead of chosen.
     */
    @GET
    @Path("gateway")
    @RolesAllowed(PortalRoles.USER)
    @Blocking
    public TemplateInstance gateway(@RestQuery String model) {
        List<String> models = null;
        String modelsProblem = null;
        try {
            models = catalog.callableModels(me);
        } catch (ApiException e) {
            if (e.status() < 500) {
                throw e;
            }
            modelsProblem = "Your models could not be loaded (" + e.getMessage() + "). Type a model name instead.";
        }
        String requested = Form.optional(model);
        String chosen = requested != null ? requested
                : models != null && !models.isEmpty() ? models.get(0) : GatewaySnippets.PLACEHOLDER_MODEL;
        String problem = problem(chosen);
        return Templates.gateway(baseUrl, chosen, models, GatewaySnippets.forModel(baseUrl, usable(chosen)), problem,
                modelsProblem);
    }

    /** The examples alone, for the page to swap in as the model name is typed. */
    @GET
    @Path("gateway/snippets")
    @RolesAllowed(PortalRoles.USER)
    public TemplateInstance snippets(@RestQuery String model) {
        String chosen = model == null || model.isBlank() ? GatewaySnippets.PLACEHOLDER_MODEL : model.trim();
        return Templates.snippets(GatewaySnippets.forModel(baseUrl, usable(chosen)), problem(chosen));
    }

    /** Ends the portal session (the identity provider's own login is not touched). */
    @POST
    @Path("logout")
    @Authenticated
    public Uni<Response> logout() {
        return oidcSession.logout().map(done -> Response.seeOther(URI.create("/logged-out")).build());
    }

    @GET
    @Path("logged-out")
    @PermitAll
    public TemplateInstance loggedOut() {
        return Templates.loggedOut();
    }

    private static String usable(String model) {
        return GatewaySnippets.isValidModel(model) ? model : GatewaySnippets.PLACEHOLDER_MODEL;
    }

    private static String problem(String model) {
        return GatewaySnippets.isValidModel(model) ? null
                : "A model name has letters, digits, '.', '_', ':', '/' or '-' (up to 128); the examples show "
                        + GatewaySnippets.PLACEHOLDER_MODEL + " instead.";
    }
}
