package io.llmaas.gateway.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.contracts.internal.RoutingTable.DeploymentRoute;
import io.llmaas.contracts.internal.RoutingTable.ModelRoute;
import io.llmaas.gateway.config.GatewayConfig;
import io.llmaas.gateway.metering.GatewayMetrics;
import io.llmaas.gateway.provider.Backend;
import io.llmaas.gateway.provider.Backends;
import io.llmaas.gateway.provider.UpstreamTarget;
import io.quarkus.runtime.StartupEvent;

/**
 * The models the gateway serves, compiled from the {@link RoutingTableSource}'s table into an immutable
 * {@link Snapshot} that requests read without locking. A new table replaces the snapshot at once; deployments and
 * model servers that did not change keep their live state (in-flight counts, latency, health, circuit).
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);

    /**
     * One version of the catalog.
     *
     * @param loadedAt epoch second the table was applied, the {@code created} of the models list
     * @param models   enabled models by alias, in the table's order
     * @param hosts    the model servers behind them
     */
    public record Snapshot(long version, long loadedAt, Map<String, ModelGroup> models, List<UpstreamHost> hosts) {
    }

    private final RoutingTableSource source;
    private final Backends backends;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private volatile Snapshot snapshot = new Snapshot(0, 0, Map.of(), List.of());
    private volatile boolean loaded;

    ModelCatalog(RoutingTableSource source, Backends backends, GatewayConfig config, GatewayMetrics metrics) {
        this.source = source;
        this.backends = backends;
        this.config = config;
        this.metrics = metrics;
    }

    void load(@Observes @Priority(10) StartupEvent event) {
        if (config.mode() == GatewayConfig.Mode.PLATFORM) {
            // keys-service may not be up yet: the changes poller keeps trying, and the gateway is not ready until then.
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.warnf("The routing table could not be loaded from %s (%s); the gateway is not ready until it is",
                        source.description(), e.getClass().getSimpleName());
            }
            return;
        }
        reload();
    }

    /** Loads the table from the source and applies it; called at start and when the catalog changed. */
    public void reload() {
        apply(source.load());
        loaded = true;
        Snapshot current = snapshot;
        long deployments = current.models().values().stream().mapToLong(model -> model.deployments().size()).sum();
        LOG.infof("Routing table loaded from %s: %d models (%s), %d deployments on %d model servers",
                source.description(), current.models().size(), String.join(", ", current.models().keySet()),
                deployments, current.hosts().stream().filter(host -> host.backend().probed()).count());
    }

    /** Whether a routing table was loaded: until then the gateway is not ready. */
    public boolean loaded() {
        return loaded;
    }

    /** The enabled model called {@code alias}, or null. */
    public ModelGroup find(String alias) {
        return snapshot.models().get(alias);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Replaces the catalog with {@code table}. */
    public synchronized void apply(RoutingTable table) {
        Map<String, Deployment> reusable = new HashMap<>();
        Map<String, UpstreamHost> previousHosts = new HashMap<>();
        snapshot.models().values().forEach(model -> model.deployments().forEach(deployment -> {
            reusable.put(deployment.id(), deployment);
            previousHosts.put(deployment.host().key(), deployment.host());
        }));
        Map<String, String> aliasById = new HashMap<>();
        Map<String, DeploymentRoute> routeById = new HashMap<>();
        table.models().stream().filter(ModelRoute::enabled).forEach(model -> model.deployments().forEach(route -> {
            aliasById.put(route.id(), model.alias());
            routeById.put(route.id(), route);
        }));
        // Gauges of deployments that go away or change are dropped first, so their successors can take the names.
        reusable.values().removeIf(deployment -> {
            boolean unchanged = deployment.route().equals(routeById.get(deployment.id()))
                    && deployment.modelAlias().equals(aliasById.get(deployment.id()));
            if (!unchanged) {
                deployment.meters().close();
            }
            return !unchanged;
        });

        Map<String, UpstreamHost> hosts = new LinkedHashMap<>();
        Map<UpstreamHost, List<String>> idsByHost = new HashMap<>();
        Map<String, ModelGroup> models = new LinkedHashMap<>();
        for (ModelRoute model : table.models()) {
            if (!model.enabled()) {
                continue;
            }
            List<Deployment> deployments = new ArrayList<>();
            for (DeploymentRoute route : model.deployments()) {
                Deployment deployment = reusable.containsKey(route.id()) ? reusable.get(route.id())
                        : newDeployment(model.alias(), route, hosts, previousHosts);
                hosts.putIfAbsent(deployment.host().key(), deployment.host());
                idsByHost.computeIfAbsent(deployment.host(), host -> new ArrayList<>()).add(route.id());
                deployments.add(deployment);
            }
            models.put(model.alias(), new ModelGroup(model, deployments, DeploymentPicker.LEAST_BUSY,
                    metrics.forModel(model.alias())));
        }
        idsByHost.forEach(UpstreamHost::deploymentIds);
        snapshot = new Snapshot(table.version(), System.currentTimeMillis() / 1000,
                Collections.unmodifiableMap(models), List.copyOf(hosts.values()));
    }

    private Deployment newDeployment(String alias, DeploymentRoute route, Map<String, UpstreamHost> hosts,
            Map<String, UpstreamHost> previousHosts) {
        Backend backend = backends.named(route.backend());
        UpstreamTarget target = UpstreamTarget.of(route, config.upstream());
        String key = UpstreamHost.keyOf(route.backend(), route.baseUrl());
        UpstreamHost host = hosts.computeIfAbsent(key, k -> previousHosts.getOrDefault(k,
                new UpstreamHost(k, backend, target, backend.probed() && config.healthCheck().enabled())));
        Deployment deployment = new Deployment(alias, route, backend, target, host, config.circuitBreaker());
        deployment.meters(metrics.forDeployment(alias, route.id(), deployment::inFlight,
                () -> host.up() ? 1 : 0, deployment::circuitGauge));
        return deployment;
    }
}
