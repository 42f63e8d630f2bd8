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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.MySubscriptions;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.Notices;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** My subscriptions: status, history, cancel, and asking for a review of a denied one. */
@Path("/subscriptions")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(PortalRoles.USER)
@Blocking
public class SubscriptionPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<KeysApi.Subscription> subscriptions, String notice);

        static native TemplateInstance detail(KeysApi.Subscription subscription,
                List<KeysApi.SubscriptionEvent> history, String notice);
    }

    private final MySubscriptions subscriptions;
    private final ActingUser me;

    public SubscriptionPages(MySubscriptions subscriptions, ActingUser me) {
        this.subscriptions = subscriptions;
        this.me = me;
    }

    @GET
    public TemplateInstance list(@RestQuery String notice) {
        return Templates.list(subscriptions.list(me), Notices.text(notice));
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id, @RestQuery String notice) {
        return Templates.detail(subscriptions.get(me, id), subscriptions.history(me, id), Notices.text(notice));
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@RestPath String id, @RestForm String reason) {
        subscriptions.cancel(me, id, Form.optional(reason));
        return Response.seeOther(URI.create("/subscriptions?notice=cancelled")).build();
    }

    @POST
    @Path("{id}/request-review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response requestReview(@RestPath String id, @RestForm String reason) {
        subscriptions.requestReview(me, id, Form.optional(reason));
        return Response.seeOther(URI.create("/subscriptions/" + Paths.segment(id) + "?notice=review")).build();
    }
}
