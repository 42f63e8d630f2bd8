package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images' Dockerfiles fit the manifests (no container engine here to build them): UBI bases, a numeric non-root
 * user (the restricted SCC runs images as any uid, which a named user would hide), the port the Deployments use, and
 * for the JVM image every path it copies exists in the service's packaged app.
 */
class DockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"keys-service", "usage-service", "gateway-service", "admin-service"})
    void jvmImageCopiesThePackagedAppAndRunsAsNonRootOn8080(String service) throws Exception {
        Path module = Path.of("..", service);
        String dockerfile = Files.readString(module.resolve("src/main/docker/Dockerfile.jvm"));

        assertThat(dockerfile).contains("FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:")
                .contains("\nEXPOSE 8080\n").containsPattern("\nUSER [1-9][0-9]*\n")
                .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        Matcher copy = Pattern.compile("(?m)^COPY --chown=\\S+ (\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            String source = copy.group(1);
            Path path = module.resolve(source.replace("*.jar", "quarkus-run.jar"));
            assertThat(path).as(service + " Dockerfile.jvm copies " + source).exists();
            copies++;
        }
        assertThat(copies).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys-service", "usage-service", "gateway-service", "admin-service"})
    void nativeImageRunsTheRunnerAsNonRootOn8080(String service) throws Exception {
        String dockerfile = Files.readString(Path.of("..", service, "src/main/docker/Dockerfile.native"));

        assertThat(dockerfile).contains("FROM quay.io/quarkus/quarkus-micro-image:")
                .contains("target/*-runner /work/application").contains("\nEXPOSE 8080\n")
                .containsPattern("\nUSER [1-9][0-9]*\n");
        assertThat(List.of(Files.readString(Path.of("..", service, ".dockerignore")).split("\n")))
                .contains("*", "!target/*-runner", "!target/quarkus-app/*");
    }
}
