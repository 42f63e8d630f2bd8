package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** Secrets in git are placeholders only, never part of an overlay, and every one a workload reads is documented. */
class SecretsTest {

    @Test
    void placeholderSecretsHoldOnlyChangeMe() {
        List<Secret> secrets = Manifests.build("secrets").all(Secret.class);
        assertThat(secrets).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("llmaas-internal", "llmaas-db", "llmaas-portal");
        for (Secret secret : secrets) {
            assertThat(secret.getData()).as(secret.getMetadata().getName() + " data (base64 hides values)")
                    .isNullOrEmpty();
            assertThat(Manifests.values(secret)).isNotEmpty().allSatisfy((key, value) -> assertThat(value)
                    .as(secret.getMetadata().getName() + "/" + key).contains("CHANGE_ME"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes", "overlays/dev"})
    void overlaysCarryNoSecretValuesAndEveryReferenceResolves(String dir) {
        Manifests.Build build = Manifests.build(dir);
        Set<String> secrets = new HashSet<>();
        Manifests.build("secrets").all(Secret.class).forEach(s -> secrets.add(s.getMetadata().getName()));
        for (Secret secret : build.all(Secret.class)) {
            // The only Secret an overlay may create is one the cluster fills in (a ServiceAccount token).
            assertThat(secret.getType()).isEqualTo("kubernetes.io/service-account-token");
            assertThat(Manifests.values(secret)).isEmpty();
            secrets.add(secret.getMetadata().getName());
        }
        Set<String> configMaps = new HashSet<>();
        build.all(ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));

        Stream.concat(build.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
                build.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate().getSpec()))
                .map(PodSpec::getContainers).flatMap(List::stream).forEach(container -> {
                    for (EnvFromSource from : container.getEnvFrom()) {
                        if (from.getSecretRef() != null) {
                            assertThat(secrets).contains(from.getSecretRef().getName());
                        }
                        if (from.getConfigMapRef() != null) {
                            assertThat(configMaps).contains(from.getConfigMapRef().getName());
                        }
                    }
                    for (EnvVar env : container.getEnv()) {
                        if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                            assertThat(secrets).as(container.getName() + " " + env.getName())
                                    .contains(env.getValueFrom().getSecretKeyRef().getName());
                        }
                        if (env.getValue() != null) {
                            assertThat(looksSecret(env.getName()))
                                    .as(container.getName() + " " + env.getName() + " given as a literal value")
                                    .isFalse();
                        }
                    }
                });
    }

    private static boolean looksSecret(String name) {
        return Pattern.compile("PASSWORD|SECRET|TOKEN|KEY").matcher(name).find();
    }

    @Test
    void noKeyLikeStringAnywhereUnderK8s() throws IOException {
        Pattern keyLike = Pattern.compile("sk-[A-Za-z0-9_-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----");
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(Path.of(".", "target")) && !p.startsWith(Path.of(".", "src")))
                    .forEach(p -> {
                        try {
                            assertThat(keyLike.matcher(Files.readString(p)).find()).as(p + " holds a key").isFalse();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
    }
}
