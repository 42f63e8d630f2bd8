package io.llmaas.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.UsageBatch;

/** usage-service's ingest; wrapped by {@link UsageClient}. */
@RegisterRestClient(configKey = "usage")
@ClientHeaderParam(name = InternalApi.AUTHORIZATION, value = "Bearer ${llmaas.internal.token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface UsageRestClient {

    @POST
    @Path(InternalApi.USAGE_EVENTS)
    UsageBatch.Result ingest(byte[] batchJson);
}
