package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;

/**
 * The alert rules as Prometheus itself sees them: {@code promtool check rules} on the PrometheusRule's spec as built
 * by kustomize, and the unit tests of k8s/monitoring/llmaas-alerts.test.yaml ({@code promtool test rules}).
 */
class PrometheusRulesTest {

    @Test
    void rulesOfTheBuiltPrometheusRulePassPromtool() throws Exception {
        PrometheusRule rule = Manifests.build("overlays/openshift").get(PrometheusRule.class, "llmaas-alerts");
        JsonNode spec = Manifests.YAML.valueToTree(rule.getSpec());
        Path file = Files.createDirectories(Path.of("target", "promtool")).resolve("llmaas-alerts.rules.yaml");
        Manifests.YAML.writeValue(file.toFile(), spec);

        String output = Manifests.run(List.of("promtool", "check", "rules", file.toString()));

        assertThat(output).contains("SUCCESS: 7 rules found");
        assertThat(spec.findValuesAsText("alert")).containsExactlyInAnyOrder("LlmaasGatewayHighErrorRate",
                "LlmaasGatewayHighLatencyP99", "LlmaasBudgetExhausted", "LlmaasUsageSpoolGrowing",
                "LlmaasDeploymentDown", "LlmaasGatewayAbsent", "LlmaasInstanceDown");
    }

    @Test
    void alertUnitTestsPass() {
        String output = Manifests.run(List.of("promtool", "test", "rules", "monitoring/llmaas-alerts.test.yaml"));

        assertThat(output).contains("SUCCESS");
    }
}
