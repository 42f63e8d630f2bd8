package io.llmaas.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Greps every process log of the cross-service tests, and the tests' own output, for the secrets they were given. */
final class LogSecrets {

    private LogSecrets() {
    }

    static void assertNoneLeaked(List<String> secrets) {
        List<Path> logs = files(Path.of("target", "it-logs"));
        logs.addAll(files(Path.of("target", "failsafe-reports")));
        assertThat(logs).isNotEmpty();
        for (Path log : logs) {
            String text = read(log);
            for (String secret : secrets) {
                assertThat(text).as("a key in " + log).doesNotContain(secret);
            }
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new java.util.ArrayList<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new java.util.ArrayList<>(files.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
