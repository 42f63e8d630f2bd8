package io.llmaas.admin.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.admin.config.AdminConfig;
import io.llmaas.admin.devoauth.DevOAuthServer;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret.Method;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The portal's one login configuration, built from {@code admin.auth.*}: OpenShift OAuth (an OAuth2 server without ID
 * tokens: the access token is verified by reading the user from the API server) or a generic OIDC provider. Both use
 * the authorization code flow with PKCE S256 and keep their tokens server-side ({@link SessionTokenStateManager}).
 * Built on the first request because the dev OAuth server's address is the portal's own.
 */
@ApplicationScoped
public class LoginTenantResolver implements TenantConfigResolver {

    static final String TENANT_ID = "portal";
    static final String OPENSHIFT_USER_PATH = "/apis/user.openshift.io/v1/users/~";

    private static final Logger LOG = Logger.getLogger(LoginTenantResolver.class);

    private final AdminConfig config;
    private volatile OidcTenantConfig tenant;

    public LoginTenantResolver(AdminConfig config) {
        this.config = config;
    }

    void checkConfiguration(@Observes StartupEvent start) {
        AdminConfig.Auth auth = config.auth();
        boolean dev = config.devOauth().enabled();
        switch (auth.provider()) {
            case OPENSHIFT -> {
                if (!dev && (auth.openshift().oauthUrl().isEmpty() || auth.openshift().apiUrl().isEmpty())) {
                    throw new IllegalStateException("OpenShift login needs admin.auth.openshift.oauth-url and "
                            + "admin.auth.openshift.api-url (or admin.dev-oauth.enabled=true for local development)");
                }
                LOG.infof("Login: OpenShift OAuth at %s, client %s", auth.openshift().oauthUrl()
                        .orElse("this service's /dev-oauth (dev OAuth server)"), auth.clientId());
            }
            case OIDC -> {
                if (auth.oidc().authServerUrl().isEmpty()) {
                    throw new IllegalStateException("OIDC login needs admin.auth.oidc.auth-server-url");
                }
                LOG.infof("Login: OIDC provider %s, client %s", auth.oidc().authServerUrl().get(), auth.clientId());
            }
        }
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> request) {
        OidcTenantConfig current = tenant;
        if (current == null) {
            synchronized (this) {
                if (tenant == null) {
                    tenant = build(origin(context));
                }
                current = tenant;
            }
        }
        return Uni.createFrom().item(current);
    }

    OidcTenantConfig build(String ownOrigin) {
        AdminConfig.Auth auth = config.auth();
        var tenantConfig = OidcTenantConfig.builder()
                .tenantId(TENANT_ID)
                .applicationType(ApplicationType.WEB_APP)
                .clientId(auth.clientId());
        tenantConfig.authentication()
                .redirectPath(auth.callbackPath())
                .restorePathAfterRedirect(true)
                .removeRedirectParameters(true)
                .pkceRequired(true)
                .stateSecret(stateSecret(auth))
                .cookieForceSecure(auth.secureCookies())
                .internalIdTokenLifespan(config.sessions().maxAge())
                .end();
        // The cookie holds a random session token, not tokens: nothing in it is worth encrypting.
        tenantConfig.tokenStateManager().encryptionRequired(false).end();

        if (auth.provider() == AdminConfig.Provider.OPENSHIFT) {
            String devBase = ownOrigin + DevOAuthServer.BASE_PATH;
            String oauthUrl = auth.openshift().oauthUrl().orElse(devBase);
            String apiUrl = auth.openshift().apiUrl().orElse(devBase);
            tenantConfig.authServerUrl(trimSlash(oauthUrl))
                    .discoveryEnabled(false)
                    .authorizationPath("/oauth/authorize")
                    .tokenPath("/oauth/token")
                    .userInfoPath(trimSlash(apiUrl) + OPENSHIFT_USER_PATH)
                    .cacheUserInfoInIdtoken(true);
            tenantConfig.authentication()
                    .idTokenRequired(false)
                    .userInfoRequired(true)
                    .addOpenidScope(false)
                    .scopes(auth.openshift().scope())
                    .end();
            // OpenShift tokens are opaque: they are verified by reading the user they belong to.
            tenantConfig.token().verifyAccessTokenWithUserInfo(true).end();
            // Basic auth cannot carry a ServiceAccount client id (it contains colons), so the secret goes in the body.
            auth.clientSecret().ifPresent(secret -> tenantConfig.credentials().clientSecret(secret, Method.POST).end());
        } else {
            AdminConfig.Oidc oidc = auth.oidc();
            tenantConfig.authServerUrl(trimSlash(oidc.authServerUrl().orElseThrow()))
                    .discoveryEnabled(true);
            tenantConfig.authentication().scopes(oidc.scopes()).end();
            tenantConfig.token().principalClaim(oidc.usernameClaim()).end();
            auth.clientSecret().ifPresent(tenantConfig::credentials);
        }
        return tenantConfig.build();
    }

    private static String stateSecret(AdminConfig.Auth auth) {
        Optional<String> configured = auth.stateSecret()
                .or(() -> auth.clientSecret().filter(secret -> secret.length() >= 32));
        if (configured.isPresent()) {
            return configured.get();
        }
        // Good for one replica; several replicas need the same admin.auth.state-secret to finish each other's logins.
        LOG.info("No admin.auth.state-secret (or client secret of 32+ characters): using a random PKCE state secret");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String origin(RoutingContext context) {
        HostAndPort authority = context.request().authority();
        String host = authority == null ? "localhost" : authority.host();
        int port = authority == null ? -1 : authority.port();
        return context.request().scheme() + "://" + host + (port > 0 ? ":" + port : "");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
