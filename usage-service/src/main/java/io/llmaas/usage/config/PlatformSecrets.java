package io.llmaas.usage.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The platform-wide secrets usage-service checks callers against ({@code llmaas.*}, from Kubernetes Secrets). */
@ConfigMapping(prefix = "llmaas")
public interface PlatformSecrets {

    /** Bearer token of the internal APIs ({@code LLMAAS_SERVICE_TOKEN}); also accepted on the admin APIs. */
    @WithName("internal.token")
    String internalToken();

    /** The admin master key ({@code LLMAAS_MASTER_KEY}); when unset only the service token opens the admin APIs. */
    Optional<String> masterKey();
}
