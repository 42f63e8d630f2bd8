package io.llmaas.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.llmaas.gateway.routing.ModelCatalog;

/**
 * Ready once a routing table is loaded. In platform mode a gateway that starts while keys-service is unreachable stays
 * not ready (it has no models to serve) until the changes poller loads the table; after that, keys-service going away
 * does not make it unready: it keeps serving what it has.
 */
@Readiness
@ApplicationScoped
public class RoutingReadiness implements HealthCheck {

    private final ModelCatalog catalog;

    RoutingReadiness(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        ModelCatalog.Snapshot snapshot = catalog.snapshot();
        return HealthCheckResponse.named("routing-table").status(catalog.loaded())
                .withData("models", snapshot.models().size()).withData("version", snapshot.version()).build();
    }
}
