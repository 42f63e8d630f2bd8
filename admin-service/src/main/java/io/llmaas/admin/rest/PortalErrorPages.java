package io.llmaas.admin.rest;

import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.error.ApiExceptionMappers;
import io.llmaas.contracts.http.RequestIds;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;

/**
 * Errors in the portal's style for people, in the shared JSON shape for programs: a browser navigating the portal
 * (it accepts HTML, the path is not an API) gets a PatternFly error page, everything else what
 * {@link ApiExceptionMappers} gives every service.
 */
public class PortalErrorPages {

    private static final Logger LOG = Logger.getLogger(PortalErrorPages.class);
    private static final List<String> API_PREFIXES = List.of("api/", "internal/", "q/");

    @CheckedTemplate(basePath = "errors")
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, String icon, String requestId);

        static native TemplateInstance inline(int status, String title, String message, String requestId);
    }

    private final ApiExceptionMappers json = new ApiExceptionMappers();

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        if (!wantsPage(headers, uri)) {
            return json.apiException(ApiException.forbidden("Your portal role does not allow this"));
        }
        return page(headers, 403, "You cannot open this page", "Your portal role does not allow it. Roles come from "
                + "your groups when you log in; ask a platform admin if you need more access.", "fa-lock");
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response apiException(ApiException e, HttpHeaders headers, UriInfo uri) {
        if (!wantsPage(headers, uri)) {
            return json.apiException(e);
        }
        return page(headers, e.status(), titleFor(e.status()), e.getMessage(), iconFor(e.status()));
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (!wantsPage(headers, uri) || status < 400) {
            return json.webApplication(e);
        }
        if (status >= 500) {
            LOG.errorf(e, "Request failed with status %d", status);
        }
        String message = status == 404 ? "There is no page at this address." : titleFor(status);
        return page(headers, status, titleFor(status), message, iconFor(status));
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (!wantsPage(headers, uri)) {
            return json.unexpected(e);
        }
        LOG.error("Unexpected error while rendering a portal page", e);
        return page(headers, 500, "Something went wrong", "The portal could not complete this request. Try again; if "
                + "it keeps failing, give the request id below to a platform admin.", "fa-exclamation-circle");
    }

    static boolean wantsPage(HttpHeaders headers, UriInfo uri) {
        String path = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        if (API_PREFIXES.stream().anyMatch(path::startsWith)) {
            return false;
        }
        return headers.getHeaderString("HX-Request") != null || headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType());
    }

    /** The error page, or for htmx (which swaps it into the part of the page it was loading) an inline alert. */
    private static Response page(HttpHeaders headers, int status, String title, String message, String icon) {
        Object id = MDC.get(RequestIds.MDC_KEY);
        String requestId = id == null ? null : id.toString();
        TemplateInstance body = headers.getHeaderString("HX-Request") != null
                ? Templates.inline(status, title, message, requestId)
                : Templates.error(status, title, message, icon, requestId);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(body).build();
    }

    static String titleFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be used";
            case 403 -> "You cannot open this page";
            case 404 -> "Page not found";
            case 409 -> "This conflicts with the current state";
            case 503 -> "Temporarily unavailable";
            default -> status >= 500 ? "Something went wrong" : "The request could not be completed";
        };
    }

    static String iconFor(int status) {
        return switch (status) {
            case 403 -> "fa-lock";
            case 404 -> "fa-search";
            case 503 -> "fa-plug";
            default -> status >= 500 ? "fa-exclamation-circle" : "fa-exclamation-triangle";
        };
    }
}
