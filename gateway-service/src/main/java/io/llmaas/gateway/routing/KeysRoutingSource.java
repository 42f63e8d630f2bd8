package io.llmaas.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.gateway.client.KeysClient;

/**
 * The routing table of platform mode: keys-service's catalog ({@code GET /internal/routing}), reloaded whenever the
 * changes feed reports a ROUTING change. Its version is the changes feed's head at the time it was read, so the feed
 * is read on from there without a gap.
 */
@ApplicationScoped
@Typed(KeysRoutingSource.class)
public class KeysRoutingSource implements RoutingTableSource {

    private final KeysClient keys;
    private final String url;

    KeysRoutingSource(KeysClient keys, @ConfigProperty(name = "quarkus.rest-client.keys.url") String url) {
        this.keys = keys;
        this.url = url;
    }

    @Override
    public RoutingTable load() {
        return keys.routing();
    }

    @Override
    public String description() {
        return "keys-service at " + url;
    }
}
