package io.llmaas.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Golden files under src/test/resources/golden: requests and answers on both sides of a translation. */
public final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String directory;

    private Golden(String directory) {
        this.directory = directory;
    }

    public static Golden of(String directory) {
        return new Golden(directory);
    }

    public boolean has(String file) {
        return Golden.class.getClassLoader().getResource(directory + "/" + file) != null;
    }

    public String text(String file) {
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(directory + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No golden file " + directory + "/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode json(String file) {
        return parse(text(file));
    }

    /** The data of each event of a golden SSE file. */
    public List<String> events(String file) {
        List<String> events = new ArrayList<>();
        for (String block : text(file).split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(block.substring("data: ".length()).strip());
            }
        }
        return events;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} with its {@code created} timestamp set to 0, as golden answers have it. */
    public static JsonNode withoutClock(JsonNode json) {
        if (json instanceof ObjectNode object && object.has("created")) {
            object.put("created", 0);
        }
        return json;
    }
}
