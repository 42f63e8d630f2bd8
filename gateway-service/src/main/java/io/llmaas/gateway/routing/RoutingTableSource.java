package io.llmaas.gateway.routing;

import io.llmaas.contracts.internal.RoutingTable;

/**
 * Where the routing table comes from: the routing file in standalone mode ({@link FileRoutingSource}), keys-service's
 * catalog once the gateway runs with it. Called at start and on background refreshes, never on the request path, so
 * it may block.
 */
public interface RoutingTableSource {

    RoutingTable load();

    /** Where the table comes from, for the log. */
    String description();
}
