package io.llmaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.llmaas.contracts.testing.ServiceProcess;

/**
 * The image's class archive (Dockerfile.jvm): the training start of {@code appcds-archive.sh} answers its own requests
 * in platform mode (keys-service and usage-service played by its stand-ins), exits by itself and leaves an archive, and
 * a gateway started with that archive takes its classes from it: the request path's and the REST clients' alike.
 */
class AppCdsArchiveIT {

    private static final Path JAR = Path.of("target", "gateway-service-runner.jar").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src", "main", "docker", "appcds-archive.sh").toAbsolutePath();
    private static final String JAVA_BIN = Path.of(System.getProperty("java.home"), "bin").toString();

    @Test
    void aTrainingStartLeavesAnArchiveThatTheNextStartMaps(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("app-cds.jsa");
        Path trainingLog = dir.resolve("training.log");
        int training = run(List.of("sh", SCRIPT.toString(), JAR.toString(), archive.toString(), "-Xmx256m"),
                Map.of("TRAINING_PORT", String.valueOf(ServiceProcess.freePort()),
                        "STANDIN_PORT", String.valueOf(ServiceProcess.freePort())),
                trainingLog);

        assertThat(training).as("exit status of the training start; see %s", trainingLog).isZero();
        assertThat(Files.readString(trainingLog)).contains("Training run: 9 requests answered as expected");
        assertThat(Files.size(archive)).isGreaterThan(1 << 20);

        // The same start again, now mapping the archive: -Xshare:on makes an archive the JVM cannot use fatal.
        String standIns = "http://127.0.0.1:" + ServiceProcess.freePort();
        Path classes = dir.resolve("classes.txt");
        Path secondLog = dir.resolve("second.log");
        int second = run(List.of(JAVA_BIN + "/java", "-Xmx256m", "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-Xlog:class+load=info:file=" + classes, "-Dgateway.training-run=true",
                "-Dquarkus.http.port=" + ServiceProcess.freePort(), "-Dquarkus.http.host=127.0.0.1",
                "-Dgateway.health-check.enabled=false", "-Dgateway.mock.latency=0s", "-jar", JAR.toString()),
                Map.of("LLMAAS_GATEWAY_MODE", "platform", "LLMAAS_KEYS_URL", standIns, "LLMAAS_USAGE_URL", standIns,
                        "LLMAAS_SERVICE_TOKEN", "it-not-a-secret", "LLMAAS_MASTER_KEY", "sk-it-not-a-secret",
                        "LLMAAS_SPOOL_DIR", dir.resolve("spool").toString()),
                secondLog);

        assertThat(second).as("exit status of the start with the archive; see %s", secondLog).isZero();
        assertThat(Files.readString(secondLog)).contains("Training run: 9 requests answered as expected")
                .contains("Routing table loaded from keys-service at " + standIns);
        assertThat(Files.readAllLines(classes))
                .anyMatch(archived("io.llmaas.gateway.RequestPath"))
                .anyMatch(archived("io.vertx.core.http.impl.Http1xServerConnection"))
                // The clients of keys-service and usage-service, and the internal contracts they read.
                .anyMatch(archived("io.llmaas.gateway.client.KeysRestClient$$QuarkusRestClientInterface"))
                .anyMatch(archived("io.llmaas.gateway.client.InternalHttp"))
                .anyMatch(archived("io.llmaas.gateway.metering.SerializedBatch"))
                .anyMatch(archived("io.llmaas.contracts.internal.LeaseResponse"));
    }

    /** A class-load log line that says {@code className} came from the archive. */
    private static Predicate<String> archived(String className) {
        return line -> line.endsWith("] " + className + " source: shared objects file (top)");
    }

    private static int run(List<String> command, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PATH", JAVA_BIN + ":" + System.getenv("PATH"));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 120 s; see " + log);
        }
        return process.exitValue();
    }
}
