package io.llmaas.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images' Dockerfiles fit the manifests (no container engine here to build them): UBI bases, a numeric non-root
 * user (the restricted SCC runs images as any uid, which a named user would hide), the port the Deployments use, and
 * for the JVM image every path it copies exists and is let into the build context by the module's .dockerignore.
 */
class DockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"keys-service", "usage-service", "gateway-service", "admin-service"})
    void jvmImageCopiesThePackagedAppAndRunsAsNonRootOn8080(String service) throws Exception {
        Path module = Path.of("..", service);
        String dockerfile = Files.readString(module.resolve("src/main/docker/Dockerfile.jvm"));

        assertThat(dockerfile).contains("FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:")
                .contains("\nEXPOSE 8080\n").containsPattern("\nUSER [1-9][0-9]*\n");
        Matcher appJar = Pattern.compile("(?m)^ENV JAVA_APP_JAR=\"(/deployments/[^\"]+)\"$").matcher(dockerfile);
        assertThat(appJar.find()).as(service + " Dockerfile.jvm names the jar it runs").isTrue();
        List<PathMatcher> context = Files.readAllLines(module.resolve(".dockerignore")).stream()
                .filter(line -> line.startsWith("!"))
                .map(line -> FileSystems.getDefault().getPathMatcher("glob:" + line.substring(1)))
                .toList();
        Matcher copy = Pattern.compile("(?m)^COPY --chown=\\S+ (\\S+) (\\S+)$").matcher(dockerfile);
        List<String> appSources = new ArrayList<>();
        List<String> copied = new ArrayList<>();
        while (copy.find()) {
            String source = copy.group(1).replace("*.jar", "quarkus-run.jar");
            Path path = Path.of(source.endsWith("/") ? source.substring(0, source.length() - 1) : source);
            assertThat(module.resolve(path)).as(service + " Dockerfile.jvm copies " + source).exists();
            assertThat(context).as(service + "/.dockerignore lets in " + source).anyMatch(glob -> glob.matches(path));
            if (source.startsWith("target/")) {
                appSources.add(source);
            }
            copied.add(copy.group(2).endsWith("/") ? copy.group(2) + path.getFileName() : copy.group(2));
        }
        assertThat(copied).as(service + " Dockerfile.jvm copies the jar it runs").contains(appJar.group(1));
        if (service.equals("gateway-service")) {
            // One jar: the class archive's classes come straight from it (bench/ANALYSIS.md).
            assertThat(appSources).containsExactly("target/gateway-service-runner.jar");
        } else {
            // A fast-jar in four layers, least often changed first.
            assertThat(appSources).containsExactly("target/quarkus-app/lib/", "target/quarkus-app/quarkus-run.jar",
                    "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
        }
    }

    /** The gateway's image makes its class archive with its own JVM and starts with it (bench/ANALYSIS.md). */
    @Test
    void gatewayImageBuildsItsClassArchiveAndStartsWithIt() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "gateway-service", "src/main/docker/Dockerfile.jvm"));

        assertThat(dockerfile)
                .contains("RUN sh /deployments/appcds-archive.sh /deployments/gateway-service.jar /deployments/app-cds.jsa")
                .contains("ENV JAVA_OPTS_APPEND=\"$JAVA_OPTS_APPEND -XX:SharedArchiveFile=/deployments/app-cds.jsa\"");
        assertThat(dockerfile.indexOf("RUN sh /deployments/appcds-archive.sh"))
                .as("the archive is made after the app is copied and as the image's user")
                .isGreaterThan(dockerfile.lastIndexOf("COPY --chown=185 target/"))
                .isGreaterThan(dockerfile.indexOf("\nUSER 185\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keys-service", "usage-service", "gateway-service", "admin-service"})
    void nativeImageRunsTheRunnerAsNonRootOn8080(String service) throws Exception {
        String dockerfile = Files.readString(Path.of("..", service, "src/main/docker/Dockerfile.native"));

        assertThat(dockerfile).contains("FROM quay.io/quarkus/quarkus-micro-image:")
                .contains("target/*-runner /work/application").contains("\nEXPOSE 8080\n")
                .containsPattern("\nUSER [1-9][0-9]*\n");
        assertThat(List.of(Files.readString(Path.of("..", service, ".dockerignore")).split("\n")))
                .contains("*", "!target/*-runner");
    }
}
