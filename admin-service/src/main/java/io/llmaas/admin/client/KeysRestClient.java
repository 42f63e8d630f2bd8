package io.llmaas.admin.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.InternalApi;

/**
 * keys-service's management API as the portal calls it. Only {@link KeysClient} uses this interface; paths and shapes
 * of keys-service live here and nowhere else.
 */
@RegisterRestClient(configKey = "keys")
@Path("/api")
interface KeysRestClient {

    /**
     * Creates the user or refreshes it (email, display name, role); 201 when created, 200 otherwise. Called as the
     * platform itself (service token without {@code X-Acting-User}): at a first login the user does not exist yet, so
     * it could not be the acting user.
     */
    @PUT
    @Path("/users/by-external-id")
    @Consumes(MediaType.APPLICATION_JSON)
    void upsertUser(@HeaderParam(InternalApi.AUTHORIZATION) String authorization, UserUpsert user);
}
