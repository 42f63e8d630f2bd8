package io.llmaas.admin.client;

import java.util.List;

import io.llmaas.admin.auth.LoginIdentity;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of keys-service's user upsert ({@code PUT /api/users/by-external-id/{externalId}}): the portal login as
 * keys-service should know it. {@code externalId} is the identity provider's user name.
 */
@RegisterForReflection
public record UserUpsert(String externalId, String username, String displayName, String email, String role,
        List<String> groups, String identityProvider) {

    public static UserUpsert from(LoginIdentity login) {
        return new UserUpsert(login.username(), login.username(), login.displayName(), login.email(),
                login.primaryRole(), login.groups(), login.provider().name().toLowerCase());
    }
}
