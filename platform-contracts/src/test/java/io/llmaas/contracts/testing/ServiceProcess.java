package io.llmaas.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service (its {@code target/quarkus-app/quarkus-run.jar}, or its one jar {@code target/<module>-runner.jar})
 * started as a real process on a free port, for tests that need several services or several replicas of one. The
 * reactor builds keys- and usage-service before gateway-service, so their jars exist when the gateway's {@code *IT}
 * run. Output goes to {@code target/it-logs/<name>.log} of the module running the test.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.log = log;
    }

    /**
     * Starts {@code module}'s packaged app as {@code name} on a free port and waits until it is ready.
     *
     * @param env environment of the process, e.g. {@code QUARKUS_DATASOURCE_JDBC_URL}
     */
    public static ServiceProcess start(String module, String name, Map<String, String> env) {
        ServiceProcess service = new ServiceProcess(name, moduleJar(module), freePort(), new LinkedHashMap<>(env),
                Path.of("target", "it-logs", name + ".log"));
        service.start();
        return service;
    }

    /** Starts the process again on the same port (after {@link #stop()}), e.g. to end a simulated outage. */
    public void start() {
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=" + port,
                    "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
            awaitReady(Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + name, e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s); the port stays reserved for {@link #start()}. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the process without letting it shut down cleanly, as a crashed pod would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the process (SIGSTOP): it keeps its port and connections but answers nothing until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create(baseUrl() + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** The gateway is packaged as one jar ({@code <module>-runner.jar}), the other services as Quarkus fast-jars. */
    private static Path moduleJar(String module) {
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        Path jar = target.resolve(module + "-runner.jar");
        if (!Files.isRegularFile(jar)) {
            jar = target.resolve(Path.of("quarkus-app", "quarkus-run.jar"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the reactor from the root "
                    + "(./mvnw verify) or package " + module + " first");
        }
        return jar;
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
