package io.llmaas.keys.config;

import java.time.Clock;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of the service: budget periods, leases, expiry and the changes feed all read it, so tests can steer
 * it.
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
