package io.llmaas.gateway.auth;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Ticker;

import io.llmaas.gateway.client.KeysClient;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.metering.PlatformMetrics;

/** The one {@link KeyCache} of the gateway, verifying misses with keys-service. */
public class KeyCacheProducer {

    @Produces
    @Singleton
    KeyCache keyCache(KeysClient keys, GatewayConfig config, PlatformMetrics metrics) {
        GatewayConfig.Auth auth = config.auth();
        return new KeyCache(keys::verify, keys::refresh, auth.cacheSize(), auth.negativeTtl(),
                auth.maxConcurrentVerifications(), Ticker.systemTicker(), metrics::keyCache);
    }
}
