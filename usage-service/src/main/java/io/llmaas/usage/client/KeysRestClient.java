package io.llmaas.usage.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.contracts.internal.SpendSettlement;

/** keys-service's internal API as usage-service calls it; use {@link KeysClient}, which adds fault tolerance. */
@RegisterRestClient(configKey = "keys")
@ClientHeaderParam(name = InternalApi.AUTHORIZATION, value = "Bearer ${llmaas.internal.token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface KeysRestClient {

    @POST
    @Path(InternalApi.KEYS_SPEND)
    SpendSettlement.Result settle(SpendSettlement settlement);

    @GET
    @Path(InternalApi.KEYS_LEDGER)
    LedgerReport ledger(@QueryParam("from") String from, @QueryParam("to") String to);

    @POST
    @Path(InternalApi.KEYS_VERIFY)
    KeyPrincipal verify(KeyVerifyRequest request);
}
