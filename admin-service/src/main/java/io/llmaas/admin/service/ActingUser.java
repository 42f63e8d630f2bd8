package io.llmaas.admin.service;

import jakarta.enterprise.context.RequestScoped;

import io.llmaas.admin.auth.LoginIdentity;
import io.llmaas.admin.auth.PortalRoles;
import io.llmaas.admin.auth.RequestKeys;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The portal user this request acts for: the login, its portal roles, and its id in keys-service (looked up on first
 * use). Services check ownership against {@link #id()}, and keys-service checks it again for the same user.
 */
@RequestScoped
public class ActingUser {

    private final SecurityIdentity identity;
    private final KeysUserIds ids;
    private String keysId;

    public ActingUser(SecurityIdentity identity, KeysUserIds ids) {
        this.identity = identity;
        this.ids = ids;
    }

    /** The user's id in keys-service. */
    public String id() {
        if (keysId == null) {
            LoginIdentity login = identity.getAttribute(RequestKeys.LOGIN_ATTRIBUTE);
            if (login == null) {
                throw ApiException.forbidden("Log in to use the portal");
            }
            keysId = ids.idOf(login);
        }
        return keysId;
    }

    /** The login name, as audit records of admin-service name people. */
    public String username() {
        return identity.getPrincipal().getName();
    }

    public boolean isAdmin() {
        return identity.hasRole(PortalRoles.ADMIN);
    }

    public boolean canReadAll() {
        return identity.hasRole(PortalRoles.ADMIN_READONLY);
    }

    /** Whether this user may change things at all: a read-only admin changes nothing, not even its own keys. */
    public boolean mayChange() {
        return isAdmin() || !canReadAll();
    }

    public void requireChangeRights() {
        if (!mayChange()) {
            throw ApiException.forbidden("Read-only administrators change nothing, their own keys and "
                    + "subscriptions included");
        }
    }
}
