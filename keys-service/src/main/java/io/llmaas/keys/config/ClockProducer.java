package io.llmaas.keys.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of the service: budget periods, leases, expiry and the changes feed all read it, so tests can steer
 * it. In-process tests replace it; cross-service tests that run the packaged service move it through
 * {@code llmaas.testing.clock-offset-file} ({@code LLMAAS_TESTING_CLOCK_OFFSET_FILE}): a file holding an ISO-8601
 * duration (such as {@code PT1H}) the clock runs ahead by, re-read when it changes. Honoured only when explicitly set;
 * never meant for production.
 */
public class ClockProducer {

    private static final Logger LOG = Logger.getLogger(ClockProducer.class);

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(@ConfigProperty(name = "llmaas.testing.clock-offset-file") Optional<String> offsetFile) {
        if (offsetFile.isEmpty() || offsetFile.get().isBlank()) {
            return Clock.systemUTC();
        }
        LOG.warnf("TESTING ONLY: the clock runs ahead of the system clock by the offset in %s", offsetFile.get());
        return new OffsetFileClock(Path.of(offsetFile.get()));
    }

    /** The system clock plus the duration written in a file (absent or unreadable: no offset). */
    static final class OffsetFileClock extends Clock {

        private static final long RECHECK_NANOS = 50_000_000;

        private final Path file;
        private volatile Duration offset = Duration.ZERO;
        private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS;

        OffsetFileClock(Path file) {
            this.file = file;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            long now = System.nanoTime();
            if (now - checkedAt >= RECHECK_NANOS) {
                checkedAt = now;
                try {
                    offset = Files.exists(file) ? Duration.parse(Files.readString(file).trim()) : Duration.ZERO;
                } catch (IOException | RuntimeException e) {
                    offset = Duration.ZERO;
                }
            }
            return Instant.now().plus(offset);
        }
    }
}
