package io.llmaas.usage.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.llmaas.contracts.internal.InternalApi;
import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.usage.service.IngestService;

/** {@code POST /internal/usage/events}: gateways deliver their usage batches here (service token, see AccessFilter). */
@Path(InternalApi.USAGE_EVENTS)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UsageIngestResource {

    private final IngestService ingest;

    UsageIngestResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    public UsageBatch.Result ingest(UsageBatch batch) {
        return ingest.ingest(batch);
    }
}
