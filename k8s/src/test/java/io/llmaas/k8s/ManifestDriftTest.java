package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The committed manifests are what the build generates: k8s/base/&lt;service&gt;/kubernetes.yml equals the service's
 * target/kubernetes/kubernetes.yml (written by quarkus-kubernetes in this reactor build), and the PrometheusRule
 * equals the promtool-tested rules file. Fix a failure with scripts/generate-manifests.sh and commit the result.
 */
class ManifestDriftTest {

    @ParameterizedTest
    @ValueSource(strings = {"keys-service", "usage-service", "gateway-service", "admin-service"})
    void committedManifestsAreWhatQuarkusGenerates(String service) {
        Path generated = Path.of("..", service, "target", "kubernetes", "kubernetes.yml");
        assertThat(generated).as("build " + service + " first (./mvnw verify from the root builds it before k8s)")
                .isRegularFile();

        Map<String, JsonNode> committed = byKindAndName(
                Manifests.readDocuments(Path.of("base", service, "kubernetes.yml")));

        assertThat(committed).as("k8s/base/" + service + "/kubernetes.yml differs from " + generated
                + ": run scripts/generate-manifests.sh and commit")
                .isEqualTo(byKindAndName(Manifests.readDocuments(generated)));
    }

    /** Objects by kind and name: the comparison ignores the order of objects and of keys, not their content. */
    private static Map<String, JsonNode> byKindAndName(List<JsonNode> documents) {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (JsonNode document : documents) {
            String id = document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
            assertThat(objects.put(id, document)).as("two objects " + id).isNull();
        }
        return objects;
    }

    @Test
    void prometheusRuleIsTheTestedRulesFile() throws Exception {
        JsonNode rule = Manifests.readDocuments(Path.of("base", "monitoring", "prometheus-rule.yaml")).get(0);
        JsonNode rules = Manifests.YAML.readTree(Files.readString(Path.of("monitoring", "llmaas-alerts.rules.yaml")));

        assertThat(rule.path("spec")).as("run scripts/generate-manifests.sh and commit").isEqualTo(rules);
        assertThat(rules.path("groups")).isNotEmpty();
    }
}
