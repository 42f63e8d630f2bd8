package io.llmaas.admin.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ErrorType;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Finishes the login machinery's own responses before the shared JSON failure handler ({@code HttpEdge}) sees them:
 * quarkus-oidc ends the code flow by failing the request with a redirect; a session that has ended fails
 * authentication and is sent to log in again (the identity provider's challenge); a login that cannot be completed
 * (state or PKCE mismatch) is answered 401. Registered first so that it runs first.
 */
@ApplicationScoped
public class AuthFailureHandler {

    private final Template loginFailed;

    public AuthFailureHandler(@Location("errors/login-failed.html") Template loginFailed) {
        this.loginFailed = loginFailed;
    }

    void install(@Observes @Priority(1) Router router) {
        if (true) { return; }
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = rootCause(context.failure());
        if (context.response().ended()) {
            return;
        }
        int prepared = context.response().getStatusCode();
        if (failure instanceof AuthenticationRedirectException redirect) {
            // The end of a login (back to the page asked for) or a redirect to the identity provider.
            context.response().setStatusCode(redirect.getCode())
                    .putHeader(HttpHeaders.LOCATION, redirect.getRedirectUri())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end();
        } else if (failure instanceof AuthenticationFailedException && (prepared == 302 || prepared == 303)) {
            // A session that has ended, challenged already: the redirect to the identity provider is in the response.
            context.response().end();
        } else if (failure instanceof AuthenticationFailedException
                && context.get(HttpAuthenticator.class.getName()) instanceof HttpAuthenticator authenticator) {
            // A session that has ended: log in again.
            authenticator.sendChallenge(context).subscribe().with(
                    challenged -> {
                        if (!context.response().ended()) {
                            context.response().end();
                        }
                    },
                    context::fail);
        } else if (failure instanceof AuthenticationException) {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept != null && accept.contains("text/html")) {
                context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                        .end(loginFailed.render());
            } else {
                context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Json.encode(ApiError.of("Login failed", ErrorType.AUTHENTICATION.wireName(), null,
                                "login_failed")));
            }
        } else {
            context.next();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current != null && !(current instanceof AuthenticationRedirectException)
                && !(current instanceof AuthenticationException) && current.getCause() != null
                && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
