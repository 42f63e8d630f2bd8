package io.llmaas.keys.security;

import io.llmaas.contracts.error.ApiException;

/**
 * Who is calling a management API, as resolved from its credentials: the master key, the service token (alone: the
 * platform itself; with {@code X-Acting-User}: that portal user), or a virtual key (its owner's role).
 *
 * @param actor     what the audit log names: a user id, {@code master-key}, {@code service} or {@code key:<prefix>}
 * @param role      the effective role
 * @param userId    the user acting, null for the master key, the service itself, or a service key
 * @param keyId     the virtual key the caller authenticated with, if any
 * @param sourceIp  the client address
 * @param requestId the request id of this call
 */
public record Caller(String actor, Role role, String userId, String keyId, String sourceIp, String requestId) {

    /** The platform acting on its own (seeding, imports at start). */
    public static Caller system(String actor) {
        return new Caller(actor, Role.ADMIN, null, null, null, null);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean canReadAll() {
        return role == Role.ADMIN || role == Role.ADMIN_READONLY;
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.forbidden(role == Role.ADMIN_READONLY
                    ? "Read-only administrators cannot change anything"
                    : "Only administrators may do this");
        }
    }

    public void requireReadAll() {
        if (!canReadAll()) {
            throw ApiException.forbidden("Only administrators may read this");
        }
    }

    /** Reading something that belongs to {@code ownerUserId}. */
    public void requireReadOf(String ownerUserId) {
        if (!canReadAll() && (userId == null || !userId.equals(ownerUserId))) {
            throw ApiException.forbidden("Not yours to read");
        }
    }

    /** Changing something that belongs to {@code ownerUserId}. */
    public void requireWriteOf(String ownerUserId) {
        if (!isAdmin() && (role == Role.ADMIN_READONLY || userId == null || !userId.equals(ownerUserId))) {
            throw ApiException.forbidden("Not yours to change");
        }
    }
}
