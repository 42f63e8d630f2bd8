package io.llmaas.admin.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

    /** Creates the user or updates it (identity, email, role); answers the stored user. */
    @PUT
    @Path("/users/by-external-id/{externalId}")
    @Consumes(MediaType.APPLICATION_JSON)
    void upsertUser(@PathParam("externalId") String externalId,
            @HeaderParam(InternalApi.AUTHORIZATION) String authorization,
            @HeaderParam(InternalApi.ACTING_USER) String actingUser, UserUpsert user);
}
