package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The environment a Deployment's container gets in the cluster, for starting the packaged service here: resolved as
 * the kubelet does it, then with what only a cluster has replaced — and only that: placeholder Secret values by test
 * values, the database URL by a local test database, other services' cluster URLs by the local processes (or a
 * closed port for a service not started), and ServiceAccount tokens by a test value.
 */
final class DeploymentEnvironment {

    static final String NAMESPACE = "llmaas-test";
    private static final Map<String, String> TEST_SECRET_VALUES = Map.of(
            "LLMAAS_SERVICE_TOKEN", "k8s-it-service-token-not-a-secret",
            "LLMAAS_MASTER_KEY", "sk-k8s-it-master-not-a-secret",
            "LLMAAS_ENCRYPTION_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "LLMAAS_DB_USER", "postgres",
            "LLMAAS_DB_PASSWORD", "",
            "ADMIN_AUTH_STATE_SECRET", "k8s-it-state-secret-0123456789abcdef",
            "ADMIN_AUTH_CLIENT_SECRET", "k8s-it-client-secret");

    private final Manifests.Build build;

    DeploymentEnvironment(Manifests.Build build) {
        this.build = build;
    }

    /** The container of a service's Deployment. */
    Container container(String service) {
        return build.get(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The environment as the kubelet builds it: envFrom in order, then env, $(VAR) of earlier variables expanded. */
    Map<String, String> asInCluster(String service) {
        Container container = container(service);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(Manifests.data(build.get(ConfigMap.class, from.getConfigMapRef().getName())));
            }
            if (from.getSecretRef() != null) {
                env.putAll(secretValues(from.getSecretRef().getName()));
            }
        }
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), expand(var.getValue(), env));
            } else if (var.getValueFrom().getFieldRef() != null) {
                assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
                env.put(var.getName(), NAMESPACE);
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                String key = var.getValueFrom().getSecretKeyRef().getKey();
                Map<String, String> secret = secretValues(var.getValueFrom().getSecretKeyRef().getName());
                assertThat(secret).as(var.getName()).containsKey(key);
                env.put(var.getName(), secret.get(key));
            } else {
                throw new AssertionError(container.getName() + " " + var.getName() + ": unexpected valueFrom");
            }
        }
        assertThat(env).as(service + ": $(VAR) references the kubelet would leave unexpanded")
                .allSatisfy((name, value) -> assertThat(value).doesNotContain("$("));
        return env;
    }

    /**
     * {@link #asInCluster} with what only a cluster has replaced.
     *
     * @param localUrl the base URL of a service started here, or null
     */
    Map<String, String> forLocalRun(String service, String databaseUrl, Function<String, String> localUrl) {
        Map<String, String> env = asInCluster(service);
        env.replaceAll((name, value) -> local(name, value, databaseUrl, localUrl));
        return env;
    }

    /** A Secret's values: the placeholders of k8s/secrets, or a ServiceAccount token (filled in by the cluster). */
    private Map<String, String> secretValues(String name) {
        Secret secret = Manifests.build("secrets").find(Secret.class, name)
                .or(() -> build.find(Secret.class, name)).orElseThrow(() -> new AssertionError("no Secret " + name));
        Map<String, String> values = new LinkedHashMap<>(Manifests.values(secret));
        if ("kubernetes.io/service-account-token".equals(secret.getType())) {
            values.put("token", "CHANGE_ME");
        }
        return values;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private String local(String name, String value, String databaseUrl, Function<String, String> localUrl) {
        if (name.equals("LLMAAS_DB_URL")) {
            return databaseUrl;
        }
        if (value.contains("CHANGE_ME")) {
            assertThat(TEST_SECRET_VALUES).as("a test value for the placeholder " + name).containsKey(name);
            return TEST_SECRET_VALUES.get(name);
        }
        Matcher url = Pattern.compile("http://([a-z0-9-]+)(:80)?").matcher(value);
        if (url.matches() && build.find(Service.class, url.group(1)).isPresent()) {
            String local = localUrl.apply(url.group(1));
            return local == null ? "http://127.0.0.1:1" : local;
        }
        return value;
    }
}
