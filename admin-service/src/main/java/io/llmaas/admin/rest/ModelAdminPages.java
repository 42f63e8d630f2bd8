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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.service.ActingUser;
import io.llmaas.admin.service.ModelAdmin;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.ModelForms;
import io.llmaas.admin.web.Notices;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * The admin console's models and deployments: create, edit, disable, restrict, delete, test a deployment's
 * connection. Changes are keys-service's: it audits them and feeds them to the gateways.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ModelAdminPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<KeysApi.Model> models, String notice);

        static native TemplateInstance create(Form form);

        static native TemplateInstance detail(KeysApi.Model model, Form form, Form deploymentForm, String notice);

        static native TemplateInstance test(KeysApi.ConnectionTest result, String deploymentId, String model);

        static native TemplateInstance test$result(KeysApi.ConnectionTest result, String deploymentId, String model);
    }

    private final ModelAdmin models;
    private final ActingUser me;

    public ModelAdminPages(ModelAdmin models, ActingUser me) {
        this.models = models;
        this.me = me;
    }

    @GET
    @Path("models")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance list(@RestQuery String notice) {
        return Templates.list(models.list(me), Notices.text(notice));
    }

    @GET
    @Path("models/new")
    @RolesAllowed(PortalRoles.ADMIN)
    public TemplateInstance createForm() {
        return Templates.create(Form.empty().preset("enabled", "true").preset("backend", "openai")
                .presetAll("capabilities", List.of("chat", "completions")));
    }

    @POST
    @Path("models")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response create(MultivaluedMap<String, String> submitted) {
        Form form = Form.submitted(submitted);
        KeysApi.ModelForm model = ModelForms.model(form);
        KeysApi.NewDeployment deployment = ModelForms.deployment(form);
        if (!form.invalid()) {
            try {
                KeysApi.Model created = models.create(me, model, deployment);
                return Response.seeOther(URI.create("/admin/models/" + Paths.segment(created.alias())
                        + "?notice=model-created")).build();
            } catch (ApiException e) {
                form.refusedBy(e);
            }
        }
        return Response.status(400).entity(Templates.create(form)).build();
    }

    @GET
    @Path("models/{alias}")
    @RolesAllowed(PortalRoles.ADMIN_READONLY)
    public TemplateInstance detail(@RestPath String alias, @RestQuery String notice) {
        KeysApi.Model model = models.get(me, alias);
        return Templates.detail(model, ModelForms.of(model), Form.empty().preset("backend", "openai"),
                Notices.text(notice));
    }

    @POST
    @Path("models/{alias}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response update(@RestPath String alias, MultivaluedMap<String, String> submitted) {
        Form form = Form.submitted(submitted);
        KeysApi.ModelForm model = ModelForms.model(form);
        if (!form.invalid()) {
            try {
                KeysApi.Model saved = models.update(me, alias, model);
                return Response.seeOther(URI.create("/admin/models/" + Paths.segment(saved.alias())
                        + "?notice=model-saved")).build();
            } catch (ApiException e) {
                form.refusedBy(e);
            }
        }
        return Response.status(400).entity(Templates.detail(models.get(me, alias), form,
                Form.empty().preset("backend", "openai"), null)).build();
    }

    /** enable, disable, restrict (active subscriptions wait for approval again) or unrestrict. */
    @POST
    @Path("models/{alias}/{change: enable|disable|restrict|unrestrict}")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response switchModel(@RestPath String alias, @RestPath String change) {
        KeysApi.ModelSwitches switches = switch (change) {
            case "enable" -> new KeysApi.ModelSwitches(true, null);
            case "disable" -> new KeysApi.ModelSwitches(false, null);
            case "restrict" -> new KeysApi.ModelSwitches(null, true);
            default -> new KeysApi.ModelSwitches(null, false);
        };
        models.switches(me, alias, switches);
        return Response.seeOther(URI.create("/admin/models/" + Paths.segment(alias) + "?notice=model-saved"))
                .build();
    }

    @POST
    @Path("models/{alias}/delete")
    @RolesAllowed(PortalRoles.ADMIN)
    public Response delete(@RestPath String alias) {
        models.delete(me, alias);
        return Response.seeOther(URI.create("/admin/models?notice=model-deleted")).build();
    }

    @POST
    @Path("models/{alias}/deployments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response addDeployment(@RestPath String alias, MultivaluedMap<String, String> submitted) {
        Form form = Form.submitted(submitted);
        KeysApi.NewDeployment deployment = ModelForms.deployment(form);
        if (deployment == null) {
            form.withError("baseUrl", "is required");
        }
        if (!form.invalid()) {
            try {
                models.addDeployment(me, alias, deployment);
                return Response.seeOther(URI.create("/admin/models/" + Paths.segment(alias)
                        + "?notice=deployment-added")).build();
            } catch (ApiException e) {
                form.refusedBy(e);
            }
        }
        KeysApi.Model model = models.get(me, alias);
        return Response.status(400).entity(Templates.detail(model, ModelForms.of(model), form, null)).build();
    }

    @POST
    @Path("deployments/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(PortalRoles.ADMIN)
    public Response deleteDeployment(@RestPath String id, @RestForm String model) {
        models.deleteDeployment(me, id);
        String back = model == null || model.isBlank() ? "/admin/models?notice=deployment-deleted"
                : "/admin/models/" + Paths.segment(model) + "?notice=deployment-deleted";
        return Response.seeOther(URI.create(back)).build();
    }

    /** One request from keys-service to the deployment's model server; the result replaces the button (htmx). */
    @POST
    @Path("deployments/{id}/test")
    @RolesAllowed(PortalRoles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance test(@RestPath String id, @RestForm String model, @RestHeader("HX-Request") String htmx) {
        KeysApi.ConnectionTest result = models.test(me, id);
        return htmx != null ? Templates.test$result(result, id, model) : Templates.test(result, id, model);
    }
}
