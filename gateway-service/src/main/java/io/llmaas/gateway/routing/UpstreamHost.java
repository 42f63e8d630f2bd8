package io.llmaas.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.UpstreamTarget;

/**
 * One model server (a backend API at a base URL) and whether it is up. Deployments on the same server share it, so one
 * health check covers them all. Only changes of state are logged: an unreachable server costs one line, not one per
 * probe.
 */
public final class UpstreamHost {

    public enum Health {
        /** Not probed yet: treated as up. */
        UNKNOWN,
        UP,
        DOWN
    }

    private static final Logger LOG = Logger.getLogger(UpstreamHost.class);

    private final String key;
    private final Backend backend;
    private final UpstreamTarget probeTarget;
    private final boolean probed;
    private final AtomicReference<Health> health = new AtomicReference<>(Health.UNKNOWN);
    private volatile List<String> deploymentIds = List.of();
    private volatile boolean probing;

    UpstreamHost(String key, Backend backend, UpstreamTarget probeTarget, boolean probed) {
        this.key = key;
        this.backend = backend;
        this.probeTarget = probeTarget;
        this.probed = probed;
    }

    static String keyOf(String backend, String baseUrl) {
        return backend + " " + (baseUrl == null ? "" : baseUrl);
    }

    String key() {
        return key;
    }

    public Backend backend() {
        return backend;
    }

    /** A deployment on this server, whose URL and credentials the probe uses. */
    public UpstreamTarget probeTarget() {
        return probeTarget;
    }

    /** Whether health checks probe this server; a server that is not probed is never marked down. */
    public boolean probed() {
        return probed;
    }

    /** Whether requests may go to this server. */
    public boolean up() {
        return health.get() != Health.DOWN;
    }

    void deploymentIds(List<String> deploymentIds) {
        this.deploymentIds = List.copyOf(deploymentIds);
    }

    boolean probing() {
        return probing;
    }

    void probing(boolean probing) {
        this.probing = probing;
    }

    public void markUp() {
        Health previous = health.getAndSet(Health.UP);
        if (previous != Health.UP) {
            LOG.infof("Model server %s (%s) is up; deployments %s take requests", probeTarget.baseUrl(),
                    backend.name(), deploymentIds);
        }
    }

    /** The server failed a probe or refused a connection: its deployments are skipped until a probe succeeds. */
    public void markDown(String reason) {
        if (!probed) {
            return;
        }
        Health previous = health.getAndSet(Health.DOWN);
        if (previous != Health.DOWN) {
            LOG.warnf("Model server %s (%s) is down (%s); deployments %s are skipped until a health check succeeds",
                    probeTarget.baseUrl(), backend.name(), reason, deploymentIds);
        }
    }
}
