package io.llmaas.admin.client;

import io.llmaas.admin.auth.LoginIdentity;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of keys-service's login upsert ({@code PUT /api/users/by-external-id}): the portal login as keys-service keeps
 * it. {@code externalId} is the identity provider's user name; {@code role} the portal role computed at this login.
 */
@RegisterForReflection
public record UserUpsert(String externalId, String email, String displayName, String role) {

    public static UserUpsert from(LoginIdentity login) {
        return new UserUpsert(login.username(), login.email(), login.displayName(), login.primaryRole());
    }
}
