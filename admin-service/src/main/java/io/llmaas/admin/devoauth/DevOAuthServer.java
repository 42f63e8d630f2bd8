package io.llmaas.admin.devoauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.admin.config.AdminConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A fake OpenShift OAuth server for local development and the platform's run script, so that the real login code
 * (OAuth code flow, PKCE S256, user info from {@code /apis/user.openshift.io/v1/users/~}) runs without a cluster.
 * Its login page lets anyone pick any user name and groups, so it is off unless {@code admin.dev-oauth.enabled=true},
 * and says so loudly in the log when on. It lives inside admin-service (as plain Vert.x routes, outside the portal's
 * REST API) because the run script and a developer then need one process, not two.
 */
@ApplicationScoped
public class DevOAuthServer {

    public static final String BASE_PATH = "/dev-oauth";

    private static final Logger LOG = Logger.getLogger(DevOAuthServer.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@\\-]{0,62}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,62}");
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    private record DevUser(String name, List<String> groups) {
    }

    private record Grant(DevUser user, String clientId, String redirectUri, String challenge, Instant expires) {
    }

    private record IssuedToken(DevUser user, Instant expires) {
    }

    private final AdminConfig config;
    private final Template authorizePage;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

    public DevOAuthServer(AdminConfig config, @Location("devoauth/authorize.html") Template authorizePage) {
        this.config = config;
        this.authorizePage = authorizePage;
    }

    void install(@Observes Router router) {
        if (!config.devOauth().enabled()) {
            return;
        }
        LOG.warn("**************************************************************************************");
        LOG.warn("* DEV OAUTH SERVER ENABLED at " + BASE_PATH + ": anyone can log in as anyone, with any groups. *");
        LOG.warn("* For local development only: never set admin.dev-oauth.enabled in production.           *");
        LOG.warn("**************************************************************************************");
        router.route(BASE_PATH + "/*").handler(BodyHandler.create().setBodyLimit(16 * 1024));
        router.get(BASE_PATH + "/oauth/authorize").handler(this::showLoginPage);
        router.post(BASE_PATH + "/oauth/authorize").handler(this::grant);
        router.post(BASE_PATH + "/oauth/token").handler(this::token);
        router.get(BASE_PATH + "/apis/user.openshift.io/v1/users/~").handler(this::currentUser);
    }

    private void showLoginPage(RoutingContext context) {
        MultiMap query = context.queryParams();
        String problem = authorizeProblem(query);
        if (problem != null) {
            oauthError(context, 400, "invalid_request", problem);
            return;
        }
        String html = authorizePage
                .data("clientId", query.get("client_id"))
                .data("redirectUri", query.get("redirect_uri"))
                .data("state", query.get("state") == null ? "" : query.get("state"))
                .data("scope", query.get("scope") == null ? "" : query.get("scope"))
                .data("codeChallenge", query.get("code_challenge"))
                .data("suggestedGroups", config.devOauth().suggestedGroups())
                .data("problem", null)
                .render();
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8").end(html);
    }

    private void grant(RoutingContext context) {
        MultiMap form = context.request().formAttributes();
        String problem = authorizeProblem(form);
        String username = trim(form.get("username"));
        if (problem == null && (username == null || !USERNAME.matcher(username).matches())) {
            problem = "Enter a user name: letters, digits, '.', '_', '@' or '-'";
        }
        List<String> groups = groups(form);
        if (problem == null && groups == null) {
            problem = "Group names may contain letters, digits, '.', '_', ':' and '-' only";
        }
        if (problem != null) {
            oauthError(context, 400, "invalid_request", problem);
            return;
        }
        forgetExpired();
        String code = randomToken();
        codes.put(code, new Grant(new DevUser(username, groups), form.get("client_id"), form.get("redirect_uri"),
                form.get("code_challenge"), Instant.now().plus(CODE_LIFETIME)));
        String state = form.get("state");
        String redirect = form.get("redirect_uri") + (form.get("redirect_uri").contains("?") ? "&" : "?")
                + "code=" + code + (state == null || state.isEmpty() ? "" : "&state=" + urlEncode(state));
        context.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, redirect).end();
    }

    private void token(RoutingContext context) {
        MultiMap form = context.request().formAttributes();
        if (!"authorization_code".equals(form.get("grant_type"))) {
            oauthError(context, 400, "unsupported_grant_type", "only authorization_code is supported");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || grant.expires().isBefore(Instant.now())) {
            oauthError(context, 400, "invalid_grant", "unknown or expired code");
            return;
        }
        String clientId = form.get("client_id") != null ? form.get("client_id") : basicAuthUser(context);
        if (!grant.clientId().equals(clientId) || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            oauthError(context, 400, "invalid_grant", "client_id or redirect_uri differ from the authorization");
            return;
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !grant.challenge().equals(s256(verifier))) {
            oauthError(context, 400, "invalid_grant", "PKCE verification failed");
            return;
        }
        String accessToken = "sha256~" + randomToken();
        tokens.put(accessToken, new IssuedToken(grant.user(), Instant.now().plus(TOKEN_LIFETIME)));
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("access_token", accessToken).put("token_type", "Bearer")
                        .put("expires_in", TOKEN_LIFETIME.toSeconds()).put("scope", "user:info").encode());
    }

    private void currentUser(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        IssuedToken token = authorization == null || !authorization.startsWith("Bearer ") ? null
                : tokens.get(authorization.substring("Bearer ".length()));
        if (token == null || token.expires().isBefore(Instant.now())) {
            context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                            .put("reason", "Unauthorized").put("code", 401).encode());
            return;
        }
        DevUser user = token.user();
        JsonArray groups = new JsonArray();
        user.groups().forEach(groups::add);
        groups.add("system:authenticated").add("system:authenticated:oauth");
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject()
                        .put("kind", "User").put("apiVersion", "user.openshift.io/v1")
                        .put("metadata", new JsonObject().put("name", user.name())
                                .put("uid", UUID.nameUUIDFromBytes(user.name().getBytes(StandardCharsets.UTF_8))
                                        .toString()))
                        .put("fullName", user.name())
                        .put("identities", new JsonArray().add("dev-oauth:" + user.name()))
                        .put("groups", groups)
                        .encode());
    }

    private void forgetExpired() {
        Instant now = Instant.now();
        codes.values().removeIf(grant -> grant.expires().isBefore(now));
        tokens.values().removeIf(token -> token.expires().isBefore(now));
    }

    /** Why an authorization request must be refused, or null. */
    private String authorizeProblem(MultiMap params) {
        if (!"code".equals(params.get("response_type"))) {
            return "response_type must be code";
        }
        if (!config.auth().clientId().equals(params.get("client_id"))) {
            return "unknown client_id";
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null || !isHttpUrl(redirectUri)) {
            return "redirect_uri must be an http(s) URL";
        }
        if (params.get("code_challenge") == null || !"S256".equals(params.get("code_challenge_method"))) {
            return "PKCE with code_challenge_method S256 is required";
        }
        return null;
    }

    /** Checked groups plus the comma-separated extra ones; null if one of them is not a valid group name. */
    private static List<String> groups(MultiMap form) {
        Set<String> groups = new LinkedHashSet<>(form.getAll("group"));
        String extra = form.get("extraGroups");
        if (extra != null) {
            for (String group : extra.split(",")) {
                if (!group.isBlank()) {
                    groups.add(group.trim());
                }
            }
        }
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                return null;
            }
        }
        return new ArrayList<>(groups);
    }

    private static String basicAuthUser(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.lastIndexOf(':');
        return java.net.URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
    }

    private static void oauthError(RoutingContext context, int status, String error, String description) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", error).put("error_description", description).encode());
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
