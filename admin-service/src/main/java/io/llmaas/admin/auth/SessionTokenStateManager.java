package io.llmaas.admin.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.llmaas.admin.service.LoginService;
import io.llmaas.admin.service.SessionService;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps the identity provider's tokens in the {@code portal_session} table instead of the browser: the session cookie
 * holds only a random token. That is what makes sessions listable and revocable, and keeps tokens out of the browser.
 * A revoked, ended, idle or expired session fails authentication, so the user is sent to log in again.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class SessionTokenStateManager implements TokenStateManager {

    private final LoginService logins;
    private final SessionService sessions;

    public SessionTokenStateManager(LoginService logins, SessionService sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    @Override
    public Uni<String> createTokenState(RoutingContext context, OidcTenantConfig config, AuthorizationCodeTokens tokens,
            OidcRequestContext<String> request) {
        LoginIdentity login = context.get(RequestKeys.LOGIN);
        String sourceIp = RequestKeys.clientIp(context);
        String userAgent = context.request().getHeader("User-Agent");
        SessionService.SessionTokens sessionTokens = new SessionService.SessionTokens(tokens.getIdToken(),
                tokens.getAccessToken(), tokens.getRefreshToken(), tokens.getAccessTokenExpiresIn());
        return request.runBlocking(() -> {
            SessionService.Opened opened = logins.open(sessionTokens, login, sourceIp, userAgent);
            context.put(RequestKeys.SESSION_ID, opened.id());
            return opened.token();
        });
    }

    @Override
    public Uni<AuthorizationCodeTokens> getTokens(RoutingContext context, OidcTenantConfig config, String tokenState,
            OidcRequestContext<AuthorizationCodeTokens> request) {
        return request.runBlocking(() -> {
            SessionService.Resumed resumed = sessions.resume(tokenState)
                    .orElseThrow(() -> new AuthenticationFailedException("The portal session has ended"));
            context.put(RequestKeys.SESSION_ID, resumed.id());
            if (!resumed.bound()) {
                context.put(RequestKeys.UNBOUND_SESSION, resumed.id());
            }
            SessionService.SessionTokens tokens = resumed.tokens();
            return new AuthorizationCodeTokens(tokens.idToken(), tokens.accessToken(), tokens.refreshToken(),
                    tokens.accessTokenExpiresIn());
        });
    }

    @Override
    public Uni<Void> deleteTokens(RoutingContext context, OidcTenantConfig config, String tokenState,
            OidcRequestContext<Void> request) {
        return request.runBlocking(() -> {
            sessions.logout(tokenState);
            return null;
        });
    }
}
