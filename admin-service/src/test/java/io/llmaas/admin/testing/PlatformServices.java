package io.llmaas.admin.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.contracts.testing.TestDatabases;

/**
 * keys-service, usage-service and a gateway as real processes (their packaged jars), started once per test JVM on a
 * database of their own ({@code llmaas_it_admin}) and stopped when the JVM ends. They share the service token with the
 * admin-service under test, whose port is chosen here too: keys-service ships its audit records to it.
 */
public final class PlatformServices {

    public static final String SERVICE_TOKEN = "it-admin-service-token-0123456789";
    public static final String MASTER_KEY = "sk-it-admin-master-key-0123456789";
    /** base64 of 32 bytes: keys-service's key for upstream API keys at rest. */
    static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String DATABASE = "llmaas_it_admin";

    private static PlatformServices running;

    public final int adminPort;
    public final ServiceProcess keys;
    public final ServiceProcess usage;
    public final ServiceProcess gateway;

    private PlatformServices(int adminPort, ServiceProcess keys, ServiceProcess usage, ServiceProcess gateway) {
        this.adminPort = adminPort;
        this.keys = keys;
        this.usage = usage;
        this.gateway = gateway;
    }

    /** The running services, started on first use. */
    public static synchronized PlatformServices get() {
        if (running == null) {
            running = start();
            PlatformServices started = running;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "platform-services-stop"));
        }
        return running;
    }

    private static PlatformServices start() {
        String jdbcUrl = TestDatabases.recreate(DATABASE);
        int adminPort = ServiceProcess.freePort();
        Map<String, String> common = Map.of(
                "LLMAAS_DB_URL", jdbcUrl,
                "LLMAAS_SERVICE_TOKEN", SERVICE_TOKEN,
                "LLMAAS_MASTER_KEY", MASTER_KEY);
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess keys = ServiceProcess.start("keys-service", "admin-it-keys", with(common, Map.of(
                    "LLMAAS_ENCRYPTION_KEY", ENCRYPTION_KEY,
                    "LLMAAS_SEED_CATALOG", "false",
                    "LLMAAS_ADMIN_URL", "http://127.0.0.1:" + adminPort,
                    // The portal starts after keys-service: its first deliveries fail, so retry soon.
                    "KEYS_AUDIT_SHIP_EVERY", "1s",
                    "KEYS_AUDIT_RETRY_DELAY", "PT1S",
                    "KEYS_AUDIT_MAX_RETRY_DELAY", "PT2S")));
            started.add(keys);
            ServiceProcess usage = ServiceProcess.start("usage-service", "admin-it-usage", with(common, Map.of(
                    "LLMAAS_KEYS_URL", keys.baseUrl(),
                    "USAGE_SETTLEMENT_EVERY", "1s")));
            started.add(usage);
            ServiceProcess gateway = ServiceProcess.start("gateway-service", "admin-it-gateway", with(common, Map.of(
                    "LLMAAS_GATEWAY_MODE", "platform",
                    "LLMAAS_KEYS_URL", keys.baseUrl(),
                    "LLMAAS_USAGE_URL", usage.baseUrl(),
                    "LLMAAS_SPOOL_DIR", Path.of("target", "it-gateway-spool").toAbsolutePath().toString())));
            return new PlatformServices(adminPort, keys, usage, gateway);
        } catch (RuntimeException e) {
            started.forEach(ServiceProcess::stop);
            throw e;
        }
    }

    private void stop() {
        List.of(gateway, usage, keys).forEach(ServiceProcess::stop);
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        return env;
    }
}
