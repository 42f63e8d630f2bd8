package io.llmaas.gateway.routing;

import java.util.List;
import java.util.Set;

import io.llmaas.contracts.internal.RoutingTable.ModelRoute;
import io.llmaas.gateway.api.ApiEndpoint;
import io.llmaas.gateway.metering.ModelMeters;
import io.llmaas.gateway.metering.Prices;

/** A model alias as routing serves it: its catalog entry, its deployments and the strategy that picks among them. */
public final class ModelGroup {

    private final ModelRoute route;
    private final List<Deployment> deployments;
    private final DeploymentPicker picker;
    private final Set<String> capabilities;
    private final ModelMeters meters;
    private final Prices prices;

    ModelGroup(ModelRoute route, List<Deployment> deployments, String defaultStrategy, ModelMeters meters) {
        this.route = route;
        this.deployments = List.copyOf(deployments);
        this.picker = DeploymentPicker.of(route.strategy() != null ? route.strategy() : defaultStrategy);
        this.capabilities = route.capabilities() == null ? Set.of() : Set.copyOf(route.capabilities());
        this.meters = meters;
        this.prices = Prices.of(route);
    }

    /** The catalog prices requests on this model are metered and budgeted with. */
    public Prices prices() {
        return prices;
    }

    public String alias() {
        return route.alias();
    }

    /** The catalog entry: description, prices, context window, restrictions. */
    public ModelRoute route() {
        return route;
    }

    public List<Deployment> deployments() {
        return deployments;
    }

    public List<String> fallbacks() {
        return route.fallbacks() == null ? List.of() : route.fallbacks();
    }

    /** Whether the model serves {@code endpoint}; a model that lists no capabilities serves all. */
    public boolean supports(ApiEndpoint endpoint) {
        return capabilities.isEmpty() || capabilities.contains(endpoint.capability());
    }

    public ModelMeters meters() {
        return meters;
    }

    Deployment pick(List<Deployment> excluded) {
        return picker.pick(deployments, excluded);
    }
}
