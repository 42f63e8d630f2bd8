package io.llmaas.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The kustomize builds of this directory ({@code kubectl kustomize}), parsed with the fabric8 model. The module's base
 * directory is {@code k8s/}, so the paths here are relative to it.
 */
final class Manifests {

    static final List<String> OVERLAYS = List.of("overlays/openshift", "overlays/kubernetes", "overlays/dev");
    static final List<String> SERVICES = List.of("keys-service", "usage-service", "gateway-service", "admin-service");
    static final ObjectMapper YAML = new YAMLMapper();

    private static final Map<String, Build> BUILDS = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** One kustomization built: the raw YAML documents and the objects the fabric8 model made of them. */
    record Build(String dir, List<JsonNode> documents, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
        }

        <T extends HasMetadata> T get(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError(
                    dir + " has no " + type.getSimpleName() + " " + name));
        }
    }

    static Build build(String dir) {
        return BUILDS.computeIfAbsent(dir, Manifests::kustomize);
    }

    private static Build kustomize(String dir) {
        String yaml = run(List.of("kubectl", "kustomize", dir));
        List<JsonNode> documents = readDocuments(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents) {
            objects.add(parse(dir, document));
        }
        return new Build(dir, documents, objects);
    }

    /** Parses one object with the model class of its apiVersion/kind; unknown kinds are a failure. */
    static HasMetadata parse(String where, JsonNode document) {
        Object parsed = Serialization.unmarshal(document.toString());
        if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
            throw new AssertionError(where + ": " + document.path("apiVersion").asText() + " "
                    + document.path("kind").asText() + " " + document.path("metadata").path("name").asText()
                    + " is not a kind the fabric8 Kubernetes/OpenShift/monitoring model knows");
        }
        return object;
    }

    static List<JsonNode> readDocuments(String yaml) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(yaml))) {
            List<JsonNode> documents = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> readDocuments(Path file) {
        try {
            return readDocuments(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every place in the object graph where the model kept a field it does not know (fabric8 puts those into
     * {@code additionalProperties} instead of failing): a misspelt or misplaced field in a manifest.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": unknown " + extra.keySet());
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), found, seen);
                }
            }
        }
    }

    /** The data of a ConfigMap. */
    static Map<String, String> data(ConfigMap configMap) {
        return configMap.getData() == null ? Map.of() : configMap.getData();
    }

    /** The values of a Secret as written in the manifest ({@code stringData}, or decoded {@code data}). */
    static Map<String, String> values(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed for this test (kubectl 1.27+ for kustomize; "
                    + "promtool: apt-get install prometheus, as scripts/test.sh does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
