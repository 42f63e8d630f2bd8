package io.llmaas.gateway.client;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.contracts.internal.RoutingTable;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** keys-service's internal gateway API; wrapped by {@link KeysClient}. */
@RegisterRestClient(configKey = "keys")
@ClientHeaderParam(name = InternalApi.AUTHORIZATION, value = "Bearer ${llmaas.internal.token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface KeysRestClient {

    @POST
    @Path(InternalApi.KEYS_VERIFY)
    CompletionStage<KeyPrincipal> verify(KeyVerifyRequest request);

    @GET
    @Path(InternalApi.KEYS_ROUTING)
    RoutingTable routing();

    @POST
    @Path(InternalApi.KEYS_LEASES)
    CompletionStage<LeaseResponse> lease(LeaseRequest request);

    /** A 404 of verify is an answer (no such key), not a failure. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return response.getStatus() == 404 ? new UnknownKeyException() : null;
    }

    /** keys-service does not know the key. */
    final class UnknownKeyException extends RuntimeException {
        UnknownKeyException() {
            super("unknown key", null, false, false);
        }
    }
}
