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
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.Catalog;
import io.llmaas.admin.web.CatalogFilter;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.Notices;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The model catalog: cards with search and filters, a model's details, subscribing. */
@Path("/models")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.USER)
@Blocking
public class CatalogPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(CatalogFilter filter, List<Catalog.Entry> entries, int total);

        static native TemplateInstance list$results(CatalogFilter filter, List<Catalog.Entry> entries, int total);

        static native TemplateInstance detail(Catalog.Entry entry, String notice);
    }

    private final Catalog catalog;
    private final ActingUser me;

    public CatalogPages(Catalog catalog, ActingUser me) {
        this.catalog = catalog;
        this.me = me;
    }

    /** The whole page, or only the cards when htmx asks (search typed, filter changed). */
    @GET
    public TemplateInstance list(@RestQuery String q, @RestQuery String capability, @RestQuery String access,
            @RestHeader("HX-Request") String htmx, @RestHeader("HX-History-Restore-Request") String restore) {
        CatalogFilter filter = CatalogFilter.of(q, capability, access);
        List<Catalog.Entry> all = catalog.entries(me);
        List<Catalog.Entry> shown = filter.apply(all);
        if (htmx != null && restore == null) {
            return Templates.list$results(filter, shown, all.size());
        }
        return Templates.list(filter, shown, all.size());
    }

    @GET
    @Path("{alias}")
    public TemplateInstance detail(@RestPath String alias, @RestQuery String notice) {
        return Templates.detail(catalog.entry(me, alias), Notices.text(notice));
    }

    /** Subscribes; a restricted model's subscription waits for an admin's approval. */
    @POST
    @Path("{alias}/subscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(@RestPath String alias, @RestForm String reason) {
        KeysApi.Subscription subscription = catalog.subscribe(me, alias, Form.optional(reason));
        String notice = "active".equals(subscription.status()) ? "subscribed" : "pending";
        return Response.seeOther(URI.create("/models/" + Paths.segment(alias) + "?notice=" + notice)).build();
    }
}
