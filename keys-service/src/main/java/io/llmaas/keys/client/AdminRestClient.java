package io.llmaas.keys.client;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.AuditRecord;
import io.llmaas.contracts.internal.InternalApi;

/** admin-service's internal API, as seen by keys-service. */
@RegisterRestClient(configKey = "admin")
interface AdminRestClient {

    @POST
    @Path(InternalApi.ADMIN_AUDIT)
    void audit(@HeaderParam(InternalApi.AUTHORIZATION) String authorization, List<AuditRecord> records);
}
