package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** What every workload of every overlay must have: the restricted-SCC settings, resources, probes, safe rollouts. */
class WorkloadPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void everyContainerIsRestrictedAndSized(String dir) {
        Manifests.Build build = Manifests.build(dir);
        List<PodSpec> pods = new ArrayList<>();
        build.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        build.all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
        assertThat(pods).hasSizeGreaterThanOrEqualTo(4);

        for (PodSpec pod : pods) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("API token mounted").isFalse();
            for (Container container : pod.getContainers()) {
                String name = dir + " " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(name + " securityContext").isNotNull();
                assertThat(security.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(name + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getCapabilities().getDrop()).as(name + " capabilities.drop").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(name + " capabilities.add").isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
                assertThat(security.getPrivileged()).as(name + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(security.getRunAsUser()).as(name + " fixed uid (the restricted SCC assigns one)").isNull();

                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(requests).as(name + " requests").containsKey(resource);
                    assertThat(limits).as(name + " limits").containsKey(resource);
                    assertThat(Quantity.getAmountInBytes(requests.get(resource)))
                            .as(name + " " + resource + " request <= limit")
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
                }
                assertThat(container.getReadinessProbe()).as(name + " readinessProbe").isNotNull();
                assertThat(container.getLivenessProbe()).as(name + " livenessProbe").isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void everyServiceDeploymentProbesHealthAndRollsSafely(String dir) {
        Manifests.Build build = Manifests.build(dir);
        for (String service : Manifests.SERVICES) {
            Deployment deployment = build.get(Deployment.class, service);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            int listens = Integer.parseInt(env(container, "QUARKUS_HTTP_PORT"));

            assertThat(listens).as("in a cluster every service listens on 8080").isEqualTo(8080);
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(listens);
            assertProbe(container, container.getStartupProbe(), "/q/health/started", listens);
            assertProbe(container, container.getReadinessProbe(), "/q/health/ready", listens);
            assertProbe(container, container.getLivenessProbe(), "/q/health/live", listens);

            if (service.equals("gateway-service")) {
                // Scaled by its HPA only: a replica count in the Deployment would be reset by every apply.
                assertThat(deployment.getSpec().getReplicas()).as("gateway replicas in the Deployment").isNull();
                HorizontalPodAutoscaler hpa = build.get(HorizontalPodAutoscaler.class, service);
                assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
                assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            } else {
                assertThat(deployment.getSpec().getReplicas()).as(service + " replicas").isGreaterThanOrEqualTo(2);
            }
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
                    .as(service + " maxUnavailable").isIn(new IntOrString(0), new IntOrString("0"), new IntOrString("0%"));
            assertThat(pod.getTopologySpreadConstraints()).as(service + " topology spread")
                    .anySatisfy(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));

            // Read-only root filesystem: /tmp must be a writable volume, or Quarkus and the JDK cannot start.
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(service + " read-only root")
                    .isTrue();
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst()
                        .orElseThrow();
                assertThat(volume.getEmptyDir()).isNotNull();
            });

            // Graceful shutdown: the grace period covers the readiness delay plus the drain time of the service.
            Duration drain = shutdownSetting(service, "timeout").plus(shutdownSetting(service, "delay"));
            assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).as(service + " grace period")
                    .isGreaterThan(drain);

            // A PodDisruptionBudget keeps one replica through node drains.
            PodDisruptionBudget pdb = build.get(PodDisruptionBudget.class, service);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        }
        if (dir.endsWith("openshift")) {
            // The gateway's Route keeps streams open as long as the gateway lets them drain.
            Route route = build.get(Route.class, "llmaas-gateway");
            Duration timeout = Duration.ofSeconds(Long.parseLong(route.getMetadata().getAnnotations()
                    .get("haproxy.router.openshift.io/timeout").replace("s", "")));
            assertThat(timeout).isGreaterThanOrEqualTo(shutdownSetting("gateway-service", "timeout"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void everyServiceIsScrapedOnItsMetricsPath(String dir) {
        Manifests.Build build = Manifests.build(dir);
        for (String name : Manifests.SERVICES) {
            Service service = build.get(Service.class, name);
            ServiceMonitor monitor = build.get(ServiceMonitor.class, name);
            assertThat(service.getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            assertThat(metricsPort(build, name, endpoint)).isEqualTo(8080);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes"})
    void onlyGatewayAndPortalAreExposedAndNeitherInternalNorMetricsPaths(String dir) {
        Manifests.Build build = Manifests.build(dir);
        Service blocked = build.get(Service.class, "llmaas-internal-blocked");
        assertThat(blocked.getSpec().getSelector()).as("the blocked Service must have no endpoints").isNullOrEmpty();

        Map<String, String> backendByHostPath = new TreeMap<>();
        for (Route route : build.all(Route.class)) {
            assertThat(route.getSpec().getTls().getTermination()).isEqualTo("edge");
            assertThat(route.getSpec().getTls().getInsecureEdgeTerminationPolicy()).isEqualTo("Redirect");
            String path = route.getSpec().getPath() == null ? "/" : route.getSpec().getPath();
            backendByHostPath.put(route.getSpec().getHost() + path, route.getSpec().getTo().getName());
        }
        for (Ingress ingress : build.all(Ingress.class)) {
            assertThat(ingress.getSpec().getTls()).isNotEmpty();
            ingress.getSpec().getRules().forEach(rule -> {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    assertThat(path.getPathType()).isEqualTo("Prefix");
                    backendByHostPath.put(rule.getHost() + path.getPath(), path.getBackend().getService().getName());
                }
            });
        }
        List<String> hosts = backendByHostPath.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct()
                .toList();
        assertThat(hosts).hasSize(2);
        assertThat(backendByHostPath.values()).containsOnly("gateway-service", "admin-service",
                "llmaas-internal-blocked");
        for (String host : hosts) {
            assertThat(backendByHostPath).containsEntry(host + "/internal", "llmaas-internal-blocked")
                    .containsEntry(host + "/q", "llmaas-internal-blocked");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void internalServicesOnlyAcceptOurPods(String dir) {
        Manifests.Build build = Manifests.build(dir);
        NetworkPolicy deny = build.get(NetworkPolicy.class, "llmaas-default-deny");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "llmaas");

        for (NetworkPolicy policy : build.all(NetworkPolicy.class)) {
            boolean selectsInternal = selects(policy, "keys-service") || selects(policy, "usage-service");
            policy.getSpec().getIngress().forEach(rule -> {
                if (selectsInternal) {
                    assertThat(rule.getFrom()).as(policy.getMetadata().getName() + " admits anyone to keys/usage")
                            .isNotEmpty();
                }
            });
        }
        for (Deployment deployment : build.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "llmaas");
        }
    }

    private static boolean selects(NetworkPolicy policy, String app) {
        var selector = policy.getSpec().getPodSelector();
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            return app.equals(selector.getMatchLabels().get("app.kubernetes.io/name"))
                    || "llmaas".equals(selector.getMatchLabels().get("app.kubernetes.io/part-of"));
        }
        return selector.getMatchExpressions().stream().anyMatch(e -> e.getValues().contains(app));
    }

    private static int metricsPort(Manifests.Build build, String name, Endpoint endpoint) {
        Container container = build.get(Deployment.class, name).getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        if (endpoint.getTargetPort() != null) {
            return resolve(container, endpoint.getTargetPort());
        }
        ServicePort port = build.get(Service.class, name).getSpec().getPorts().stream()
                .filter(p -> p.getName().equals(endpoint.getPort())).findFirst().orElseThrow();
        return resolve(container, port.getTargetPort());
    }

    static void assertProbe(Container container, Probe probe, String path, int listens) {
        assertThat(probe).as(container.getName() + " probe for " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(resolve(container, probe.getHttpGet().getPort())).as(container.getName() + " " + path + " port")
                .isEqualTo(listens);
    }

    /** A port given as a number or as the name of a container port. */
    static int resolve(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + port.getStrVal()));
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    /** quarkus.shutdown.{timeout,delay} of a service's cluster profile, from its application.properties. */
    static Duration shutdownSetting(String service, String item) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Path.of("..", service, "src", "main", "resources", "application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String value = properties.getProperty("%kubernetes.quarkus.shutdown." + item);
        assertThat(value).as(service + " %kubernetes.quarkus.shutdown." + item).isNotNull()
                .isEqualTo(properties.getProperty("%openshift.quarkus.shutdown." + item));
        return Duration.parse("PT" + value.toUpperCase());
    }
}
