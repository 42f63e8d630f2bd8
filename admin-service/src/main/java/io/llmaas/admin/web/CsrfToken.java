package io.llmaas.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The CSRF token for templates ({@code inject:csrfToken}). quarkus-rest-csrf provides it on requests its filter saw;
 * error pages can be rendered for requests it did not see (refused before matching), and then the token is the one
 * the browser's CSRF cookie already holds, or none.
 */
@Named("csrfToken")
@RequestScoped
public class CsrfToken {

    private final CsrfTokenParameterProvider csrf;
    private final RoutingContext routing;

    public CsrfToken(CsrfTokenParameterProvider csrf, RoutingContext routing) {
        this.csrf = csrf;
        this.routing = routing;
    }

    /** Name of the form field that carries the token. */
    public String getField() {
        return csrf.getParameterName();
    }

    public String getValue() {
        try {
            return csrf.getToken();
        } catch (IllegalStateException notIssuedForThisRequest) {
            Cookie cookie = routing.request().getCookie(csrf.getCookieName());
            return cookie == null ? "" : cookie.getValue();
        }
    }
}
