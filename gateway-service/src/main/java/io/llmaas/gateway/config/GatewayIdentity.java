package io.llmaas.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This replica's id in leases and usage events: {@code gateway.id}, or the host name (the pod name in Kubernetes) plus
 * a random suffix, so that two gateway processes never share an id — keys-service treats a gateway's new RPM/TPM ask
 * as superseding its own earlier slice, and max-parallel slots are held per gateway.
 */
@ApplicationScoped
public class GatewayIdentity {

    private final String id;

    GatewayIdentity(GatewayConfig config) {
        String configured = config.id().map(String::trim).orElse("");
        if (!configured.isEmpty()) {
            this.id = configured;
        } else {
            byte[] suffix = new byte[4];
            new SecureRandom().nextBytes(suffix);
            this.id = hostName() + "-" + HexFormat.of().formatHex(suffix);
        }
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
