package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.llmaas.contracts.testing.ServiceProcess;
import io.llmaas.contracts.testing.TestDatabases;

/**
 * The four packaged services, each started with the environment its Deployment of the openshift overlay gives it
 * (ConfigMap and Secrets resolved, explicit env, {@code $(VAR)} references, the namespace field), so in the cluster
 * profile with JSON logs. What cannot be the cluster's is replaced, and only that: the placeholder Secret values by
 * test values, the database by a local test database, other services' cluster URLs by the local processes (a
 * service not started yet by a closed port), and the listening port (the manifest's 8080) by a free port. Then every
 * probe path and the ServiceMonitor's metrics path must answer on the running service.
 */
class RunningServicesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Manifests.Build build;
    private static DeploymentEnvironment environment;
    private static final Map<String, ServiceProcess> RUNNING = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> ENV = new HashMap<>();

    @BeforeAll
    static void startServicesAsTheManifestsConfigureThem() throws Exception {
        build = Manifests.build("overlays/openshift");
        environment = new DeploymentEnvironment(build);
        String databaseUrl = TestDatabases.recreate("llmaas_k8s_it");
        for (String service : Manifests.SERVICES) {
            Map<String, String> env = environment.asInCluster(service);
            assertThat(env).containsEntry("QUARKUS_PROFILE", "openshift").containsEntry("QUARKUS_HTTP_PORT", "8080");
            if (service.equals("admin-service")) {
                assertThat(env).containsEntry("ADMIN_AUTH_CLIENT_ID",
                        "system:serviceaccount:" + DeploymentEnvironment.NAMESPACE + ":llmaas-portal");
            }
            env = environment.forLocalRun(service, databaseUrl,
                    peer -> RUNNING.containsKey(peer) ? RUNNING.get(peer).baseUrl() : null);
            ENV.put(service, env);
            Files.deleteIfExists(Path.of("target", "it-logs", service + ".log"));
            RUNNING.put(service, ServiceProcess.start(service, service, env));
        }
        // One completion through the gateway (platform mode, keys- and usage-service as configured), so its request
        // and token series exist.
        HttpResponse<String> completion = HTTP.send(HttpRequest.newBuilder(
                URI.create(RUNNING.get("gateway-service").baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ENV.get("gateway-service").get("LLMAAS_MASTER_KEY"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(completion.statusCode()).as(completion.body()).isEqualTo(200);
        // Its usage event reaches usage-service with the gateway's next batch (the URLs of the ConfigMap at work).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!get("usage-service", "/q/metrics").body().contains("llmaas_usage_spend_usd_total{")) {
            assertThat(System.nanoTime()).as("usage event of the completion at usage-service").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        List<String> reversed = new ArrayList<>(RUNNING.keySet());
        Collections.reverse(reversed);
        reversed.forEach(service -> RUNNING.get(service).stop());
    }

    @Test
    void everyProbePathAnswersOnTheRunningService() throws Exception {
        for (String service : Manifests.SERVICES) {
            Container container = environment.container(service);
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                    container.getLivenessProbe())) {
                assertThat(WorkloadPolicyTest.resolve(container, probe.getHttpGet().getPort()))
                        .as(service + ": the probe's port is the one the service listens on")
                        .isEqualTo(Integer.parseInt(ENV.get(service).get("QUARKUS_HTTP_PORT")));
                HttpResponse<String> response = get(service, probe.getHttpGet().getPath());
                assertThat(response.statusCode()).as(service + " " + probe.getHttpGet().getPath()).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("UP");
            }
        }
    }

    @Test
    void theMetricsPathOfEveryServiceMonitorServesPrometheusText() throws Exception {
        for (String service : Manifests.SERVICES) {
            ServiceMonitor monitor = build.get(ServiceMonitor.class, service);
            assertThat(build.get(Service.class, service).getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            HttpResponse<String> response = get(service, monitor.getSpec().getEndpoints().get(0).getPath());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .matches("(text/plain|application/openmetrics-text).*");
            assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
        }
        assertThat(get("gateway-service", "/q/metrics").body())
                .contains("llmaas_gateway_requests_total{deployment=")
                .contains("llmaas_gateway_tokens_total{model=\"demo\"");
    }

    @Test
    void inTheClusterProfileEveryLogLineIsJsonWithTheMdc() throws Exception {
        for (String service : Manifests.SERVICES) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(RUNNING.get(service).logFile())) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
            assertThat(lines).as(service + " JSON log lines").isNotEmpty()
                    .anySatisfy(l -> assertThat(l.path("message").asText()).contains("started in"))
                    .allSatisfy(l -> assertThat(l.has("level") && l.has("loggerName") && l.has("mdc")).isTrue());
        }
    }

    /**
     * The alert rules and the dashboard use only series the services expose. A few counters appear on their first
     * increment (429 refusals, retries, fallbacks, which this test does not provoke): those must at least be meters
     * the gateway's code registers.
     */
    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExposed() throws Exception {
        Map<String, String> registeredOnFirstUse = Map.of(
                "llmaas_gateway_rejections_total", "\"llmaas.gateway.rejections\"",
                "llmaas_gateway_retries_total", "\"llmaas.gateway.retries\"",
                "llmaas_gateway_fallbacks_total", "\"llmaas.gateway.fallbacks\"");
        Set<String> exposed = new HashSet<>();
        for (String service : Manifests.SERVICES) {
            for (String line : get(service, "/q/metrics").body().split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    exposed.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        String gatewaySources;
        try (var files = Files.walk(Path.of("..", "gateway-service", "src", "main", "java"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
            gatewaySources = all.toString();
        }
        Set<String> used = new TreeSet<>();
        for (String file : List.of("monitoring/llmaas-alerts.rules.yaml", "monitoring/grafana-dashboard.json")) {
            Matcher m = Pattern.compile("llmaas_[a-z_]+").matcher(Files.readString(Path.of(file)));
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).hasSizeGreaterThan(10);
        for (String name : used) {
            if (!exposed.contains(name)) {
                assertThat(registeredOnFirstUse).as(name + " is used but no service exposes it").containsKey(name);
                assertThat(gatewaySources).as(name).contains(registeredOnFirstUse.get(name));
            }
        }
    }

    private static HttpResponse<String> get(String service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RUNNING.get(service).baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
