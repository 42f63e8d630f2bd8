package io.llmaas.keys.internal;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.llmaas.contracts.error.ApiException;
import io.llmaas.contracts.internal.ChangeFeed;
import io.llmaas.contracts.internal.KeyPrincipal;
import io.llmaas.contracts.internal.KeyVerifyRequest;
import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.keys.service.CatalogService;
import io.llmaas.keys.service.ChangeLog;
import io.llmaas.keys.service.PrincipalService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The gateways' sync API: key verification, the routing table, the changes feed (service token only). Created at
 * start, so its counters are scraped (at zero) before the first verify.
 */
@Startup
@Singleton
@Path("/internal")
@Tag(name = "Internal (gateways)")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalKeysResource {

    private final PrincipalService principals;
    private final CatalogService catalog;
    private final ChangeLog changes;
    private final Counter verifyFound;
    private final Counter verifyUnknown;

    public InternalKeysResource(PrincipalService principals, CatalogService catalog, ChangeLog changes,
            MeterRegistry registry) {
        this.principals = principals;
        this.catalog = catalog;
        this.changes = changes;
        this.verifyFound = Counter.builder("llmaas_keys_verify_calls").tag("result", "found")
                .description("Key verifications by gateways").register(registry);
        this.verifyUnknown = Counter.builder("llmaas_keys_verify_calls").tag("result", "unknown")
                .description("Key verifications by gateways").register(registry);
    }

    @POST
    @Path("/keys/verify")
    @Operation(summary = "KeyPrincipal of a key hash, or 404")
    public KeyPrincipal verify(KeyVerifyRequest request) {
        if (request == null || request.keyHash() == null) {
            throw ApiException.badRequest("keyHash", "keyHash is required");
        }
        KeyPrincipal principal = principals.verify(request.keyHash()).orElse(null);
        if (principal == null) {
            verifyUnknown.increment();
            throw ApiException.notFound("Key", "by hash");
        }
        verifyFound.increment();
        return principal;
    }

    @GET
    @Path("/routing")
    @Operation(summary = "RoutingTable: enabled models with deployments (upstream keys decrypted)")
    public RoutingTable routing() {
        return catalog.routingTable();
    }

    @GET
    @Path("/changes")
    @Operation(summary = "ChangeFeed after a cursor (-1: the current head)")
    public ChangeFeed changes(@QueryParam("after") @DefaultValue("-1") long after,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        return changes.read(after, limit);
    }
}
