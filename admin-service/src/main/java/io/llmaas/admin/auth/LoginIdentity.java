package io.llmaas.admin.auth;

import java.util.List;
import java.util.Set;

import io.llmaas.admin.config.AdminConfig;

/**
 * Who logged in, as the identity provider says, and the portal roles that gives them.
 *
 * @param username the OpenShift user name ({@code metadata.name}) or the configured OIDC claim
 * @param email    null when the provider does not tell (OpenShift does not)
 */
public record LoginIdentity(String username, String displayName, String email, List<String> groups,
        Set<String> roles, AdminConfig.Provider provider) {

    public boolean isAdmin() {
        return roles.contains(PortalRoles.ADMIN);
    }

    public boolean canSeeAdminConsole() {
        return roles.contains(PortalRoles.ADMIN_READONLY);
    }

    public boolean isUser() {
        return roles.contains(PortalRoles.USER);
    }

    /** The highest role, as keys-service records it. */
    public String primaryRole() {
        if (isAdmin()) {
            return PortalRoles.ADMIN;
        }
        if (canSeeAdminConsole()) {
            return PortalRoles.ADMIN_READONLY;
        }
        return isUser() ? PortalRoles.USER : "none";
    }
}
