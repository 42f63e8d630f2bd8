package io.llmaas.admin.auth;

/**
 * The portal's three roles. They nest: an admin is also admin-readonly and user, an admin-readonly is also a user, so
 * an endpoint names the least role that may use it.
 */
public final class PortalRoles {

    /** Self-service: catalog, own subscriptions, keys, usage. */
    public static final String USER = "user";
    /** Sees the whole admin console, changes nothing. */
    public static final String ADMIN_READONLY = "admin-readonly";
    /** Changes models, approvals, users, teams, budgets and settings. */
    public static final String ADMIN = "admin";

    private PortalRoles() {
    }
}
