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
import io.llmaas.admin.service.Approvals;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.Notices;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Subscription approvals: the pending queue (or any status), approve or deny with a reason, in bulk, revert. */
@Path("/admin/subscriptions")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ApprovalPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(String status, List<Approvals.Row> rows, String notice);

        static native TemplateInstance history(KeysApi.Subscription subscription,
                List<KeysApi.SubscriptionEvent> events);
    }

    private final Approvals approvals;
    private final ActingUser me;

    public ApprovalPages(Approvals approvals, ActingUser me) {
        this.approvals = approvals;
        this.me = me;
    }

    @GET
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance list(@RestQuery String status, @RestQuery String notice) {
        String shown = status == null || status.isBlank() ? "pending" : status;
        return Templates.list(shown, approvals.list(me, shown), Notices.text(notice));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance history(@RestPath String id) {
        List<KeysApi.SubscriptionEvent> events = approvals.history(me, id);
        return Templates.history(approvals.subscription(me, id), events);
    }

    /** approve, deny or revert one subscription; the reason is kept in its history. */
    @POST
    @Path("{id}/{decision: approve|deny|revert}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response decide(@RestPath String id, @RestPath String decision, @RestForm String reason,
            @RestForm String status) {
        approvals.decide(me, id, decision, Form.optional(reason));
        return back(status);
    }

    /** Approves or denies every checked subscription, or none of them. */
    @POST
    @Path("bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response decideAll(@RestForm List<String> ids, @RestForm String decision, @RestForm String reason,
            @RestForm String status) {
        approvals.decideAll(me, ids, decision, Form.optional(reason));
        return back(status);
    }

    private static Response back(String status) {
        String shown = status != null && Approvals.STATUSES.contains(status) ? status : "pending";
        return Response.seeOther(URI.create("/admin/subscriptions?status=" + shown + "&notice=decided")).build();
    }
}
