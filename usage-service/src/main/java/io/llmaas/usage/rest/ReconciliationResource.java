package io.llmaas.usage.rest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.llmaas.usage.service.ReconciliationService;

/**
 * {@code GET /api/reconciliation?from=YYYY-MM-DD&to=YYYY-MM-DD} (both inclusive, UTC days; default the last 7 days):
 * every key and day on which keys-service's ledger differs from the sum of usage events minus what is still
 * unsettled. An empty {@code differences} list means ledger and usage agree.
 */
@Path("/api/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    private final ReconciliationService reconciliation;
    private final Clock clock;

    ReconciliationResource(ReconciliationService reconciliation, Clock clock) {
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    @GET
    public ReconciliationService.Report reconcile(@RestQuery String from, @RestQuery String to) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        TimeRange range = TimeRange.ofDates(from == null || from.isBlank() ? today.minusDays(6).toString() : from,
                to == null || to.isBlank() ? today.toString() : to);
        return reconciliation.reconcile(range.from(), range.to());
    }
}
