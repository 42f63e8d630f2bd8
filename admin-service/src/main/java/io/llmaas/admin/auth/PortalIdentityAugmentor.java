package io.llmaas.admin.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.service.LoginService;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns a verified OIDC identity into a portal identity: the principal is the user name, and the roles are only those
 * {@link RoleMapper} derives from the groups the provider reported at login (roles the provider's tokens might carry
 * are dropped). A session opened before its user was known gets its user recorded here.
 */
@ApplicationScoped
public class PortalIdentityAugmentor implements SecurityIdentityAugmentor {

    private final LoginIdentityReader reader;
    private final LoginService logins;

    public PortalIdentityAugmentor(LoginIdentityReader reader, LoginService logins) {
        this.reader = reader;
        this.logins = logins;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        LoginIdentity login = reader.read(identity);
        if (login == null) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(identity);
        Long sessionId = routing == null ? null : routing.get(RequestKeys.SESSION_ID);
        Long unbound = routing == null ? null : routing.get(RequestKeys.UNBOUND_SESSION);
        if (routing != null) {
            routing.put(RequestKeys.LOGIN, login);
        }
        QuarkusSecurityIdentity.Builder portal = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(login.username()))
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(RequestKeys.LOGIN_ATTRIBUTE, login)
                .addRoles(login.roles());
        if (sessionId != null) {
            portal.addAttribute(RequestKeys.SESSION_ATTRIBUTE, sessionId);
        }
        if (unbound == null) {
            return Uni.createFrom().item(portal.build());
        }
        return context.runBlocking(() -> {
            logins.bind(unbound, login);
            return portal.build();
        });
    }
}
