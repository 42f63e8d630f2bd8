package io.llmaas.admin.web;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.auth.RequestKeys;
import io.quarkus.security.identity.SecurityIdentity;

/** The logged-in user as templates see it ({@code inject:currentUser}); anonymous on public pages. */
@Named("currentUser")
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    public String getName() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public String getDisplayName() {
        LoginIdentity login = login();
        return login == null ? getName() : login.displayName();
    }

    public String getEmail() {
        LoginIdentity login = login();
        return login == null ? null : login.email();
    }

    public List<String> getGroups() {
        LoginIdentity login = login();
        return login == null ? List.of() : login.groups();
    }

    /** Roles from the most to the least powerful, for display. */
    public List<String> getRoles() {
        Set<String> roles = identity.getRoles();
        return List.of(PortalRoles.ADMIN, PortalRoles.ADMIN_READONLY, PortalRoles.USER).stream()
                .filter(roles::contains).toList();
    }

    public boolean isUser() {
        return identity.hasRole(PortalRoles.USER);
    }

    public boolean isAdminReadonly() {
        return identity.hasRole(PortalRoles.ADMIN_READONLY);
    }

    public boolean isAdmin() {
        return identity.hasRole(PortalRoles.ADMIN);
    }

    /** Whether this user may change anything: a read-only admin changes nothing, its own keys included. */
    public boolean mayChange() {
        return isAdmin() || !isAdminReadonly();
    }

    /** The portal session of this request, or null. */
    public Long getSessionId() {
        return identity.getAttribute(RequestKeys.SESSION_ATTRIBUTE);
    }

    private LoginIdentity login() {
        return identity.getAttribute(RequestKeys.LOGIN_ATTRIBUTE);
    }
}
