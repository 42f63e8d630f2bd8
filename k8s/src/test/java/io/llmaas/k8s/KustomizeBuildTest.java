package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** Every kustomization builds, every object is a known kind, and no object has a field its kind does not know. */
class KustomizeBuildTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "secrets", "overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void buildsAndParsesStrictly(String dir) {
        Manifests.Build build = Manifests.build(dir);

        assertThat(build.objects()).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : build.objects()) {
            for (String problem : Manifests.unknownFields(object)) {
                unknown.add(object.getKind() + " " + object.getMetadata().getName() + ": " + problem);
            }
        }
        assertThat(unknown).as("fields the Kubernetes/OpenShift model does not know").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void everyOverlayHasTheWholePlatform(String dir) {
        Manifests.Build build = Manifests.build(dir);

        for (String service : Manifests.SERVICES) {
            build.get(Deployment.class, service);
            build.get(Service.class, service);
            build.get(ServiceMonitor.class, service);
            build.get(PodDisruptionBudget.class, service);
        }
        build.get(HorizontalPodAutoscaler.class, "gateway-service");
        build.get(PrometheusRule.class, "llmaas-alerts");
        assertThat(build.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName())
                .contains("llmaas-default-deny", "llmaas-allow-public", "llmaas-allow-internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void onlyTheOverlaysOwnWayIn(String dir) {
        Manifests.Build build = Manifests.build(dir);

        assertThat(build.all(Route.class)).as("Routes").hasSize(dir.endsWith("openshift") ? 6 : 0);
        assertThat(build.all(Ingress.class)).as("Ingresses").hasSize(dir.endsWith("kubernetes") ? 1 : 0);
        assertThat(build.all(StatefulSet.class)).as("in-cluster PostgreSQL").hasSize(dir.endsWith("dev") ? 1 : 0);
    }
}
