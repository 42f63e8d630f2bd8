package io.llmaas.gateway.routing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.llmaas.gateway.config.GatewayConfig;

/** The {@link RoutingTableSource} of the configured mode: keys-service in platform mode, the file standalone. */
public class RoutingSources {

    @Produces
    @Singleton
    RoutingTableSource source(GatewayConfig config, FileRoutingSource file, KeysRoutingSource keys) {
        return config.mode() == GatewayConfig.Mode.PLATFORM ? keys : file;
    }
}
