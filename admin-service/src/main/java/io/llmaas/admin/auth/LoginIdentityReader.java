package io.llmaas.admin.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.llmaas.admin.config.AdminConfig;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Reads who logged in from what quarkus-oidc verified: OpenShift's user object (user info of
 * {@code /apis/user.openshift.io/v1/users/~}: {@code metadata.name}, {@code fullName}, {@code groups}), or the ID token
 * claims of a generic OIDC provider.
 */
@ApplicationScoped
public class LoginIdentityReader {

    /** quarkus-oidc's identity attribute holding the user info. */
    static final String USER_INFO_ATTRIBUTE = "userinfo";

    private final AdminConfig config;
    private final RoleMapper roles;

    public LoginIdentityReader(AdminConfig config, RoleMapper roles) {
        this.config = config;
        this.roles = roles;
    }

    /** The login behind an OIDC identity, or null when the identity carries neither user info nor an ID token. */
    public LoginIdentity read(SecurityIdentity identity) {
        return switch (config.auth().provider()) {
            case OPENSHIFT -> fromOpenShift(identity.getAttribute(USER_INFO_ATTRIBUTE));
            case OIDC -> identity.getPrincipal() instanceof JsonWebToken token ? fromIdToken(token) : null;
        };
    }

    private LoginIdentity fromOpenShift(UserInfo userInfo) {
        if (userInfo == null) {
            return null;
        }
        JsonObject user = userInfo.getJsonObject();
        JsonObject metadata = user.getJsonObject("metadata");
        String username = metadata == null ? null : metadata.getString("name", null);
        if (username == null || username.isBlank()) {
            return null;
        }
        List<String> groups = strings(user.get("groups"));
        String fullName = user.getString("fullName", null);
        return new LoginIdentity(username, fullName == null || fullName.isBlank() ? username : fullName, null, groups,
                roles.rolesFor(username, groups), AdminConfig.Provider.OPENSHIFT);
    }

    private LoginIdentity fromIdToken(JsonWebToken token) {
        AdminConfig.Oidc oidc = config.auth().oidc();
        Object claimed = token.getClaim(oidc.usernameClaim());
        String username = claimed != null ? text(claimed) : token.getName();
        if (username == null || username.isBlank()) {
            return null;
        }
        List<String> groups = strings(token.getClaim(oidc.groupsClaim()));
        Object name = token.getClaim("name");
        Object email = token.getClaim(oidc.emailClaim());
        return new LoginIdentity(username, name != null ? text(name) : username, email != null ? text(email) : null,
                groups, roles.rolesFor(username, groups), AdminConfig.Provider.OIDC);
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                result.add(text(item));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> result.add(text(item)));
        } else if (value instanceof JsonString || value instanceof String) {
            for (String part : text(value).split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
        }
        return List.copyOf(result);
    }

    private static String text(Object value) {
        return value instanceof JsonString string ? string.getString() : String.valueOf(value);
    }
}
