package io.llmaas.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.eclipse.microprofile.config.Config;

import io.llmaas.contracts.internal.RoutingTable;
import io.llmaas.gateway.config.GatewayConfig;

/**
 * The routing table of standalone mode: the YAML file {@code gateway.routing.file} (our format or LiteLLM's
 * {@code config.yaml}, see {@link RoutingFile}). {@code ${NAME}} and {@code os.environ/NAME} in it are resolved from
 * the gateway's configuration, so environment variables, system properties and application.properties all work.
 */
@ApplicationScoped
@Typed(FileRoutingSource.class)
public class FileRoutingSource implements RoutingTableSource {

    private static final String CLASSPATH = "classpath:";

    private final String location;
    private final Config config;

    FileRoutingSource(GatewayConfig gatewayConfig, Config config) {
        this.location = gatewayConfig.routing().file();
        this.config = config;
    }

    @Override
    public RoutingTable load() {
        return RoutingFile.parse(read(), name -> config.getOptionalValue(name, String.class));
    }

    @Override
    public String description() {
        return location;
    }

    private String read() {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("Routing file " + location + " is not on the classpath");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read routing file " + location, e);
        }
    }
}
