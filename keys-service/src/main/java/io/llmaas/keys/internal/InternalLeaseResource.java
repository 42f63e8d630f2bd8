package io.llmaas.keys.internal;

import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.llmaas.contracts.internal.LeaseReport;
import io.llmaas.contracts.internal.LeaseRequest;
import io.llmaas.contracts.internal.LeaseResponse;
import io.llmaas.contracts.internal.LedgerReport;
import io.llmaas.contracts.internal.SpendSettlement;
import io.llmaas.keys.service.LeaseService;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.SpendLedger;

/** Leases for gateways, spend settlement and the ledger for usage-service (service token only). */
@Path("/internal")
@Tag(name = "Internal (leases and ledger)")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalLeaseResource {

    private final LeaseService leases;
    private final SpendLedger ledger;

    public InternalLeaseResource(LeaseService leases, SpendLedger ledger) {
        this.leases = leases;
        this.ledger = ledger;
    }

    @POST
    @Path("/leases")
    @Operation(summary = "LeaseRequest → LeaseResponse (one grant per ask, same order)")
    public LeaseResponse grant(LeaseRequest request) {
        return leases.grant(request);
    }

    @POST
    @Path("/leases/report")
    @Operation(summary = "LeaseReport: consumption totals and releases (204)")
    public Response report(LeaseReport report) {
        leases.report(report);
        return Response.noContent().build();
    }

    @POST
    @Path("/spend")
    @Operation(summary = "SpendSettlement → crossings; idempotent by batchId")
    public SpendSettlement.Result settle(SpendSettlement settlement) {
        return ledger.settle(settlement);
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "LedgerReport: settled spend per key and UTC day in [from, to)")
    public LedgerReport ledger(@QueryParam("from") String from, @QueryParam("to") String to) {
        return ledger.ledger(instant("from", from), instant("to", to));
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw Problems.single(field, "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        }
    }
}
