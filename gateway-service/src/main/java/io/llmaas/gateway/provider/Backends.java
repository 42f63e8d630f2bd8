package io.llmaas.gateway.provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.All;

/** The backend APIs the gateway speaks, by the name routing files use for them. */
@ApplicationScoped
public class Backends {

    private final Map<String, Backend> byName = new HashMap<>();

    Backends(@All List<Backend> backends) {
        backends.forEach(backend -> byName.put(backend.name(), backend));
    }

    /** The backend called {@code name}; an {@link IllegalArgumentException} naming the known ones otherwise. */
    public Backend named(String name) {
        Backend backend = byName.get(name);
        if (backend == null) {
            throw new IllegalArgumentException("Unknown backend '" + name + "' (known: " + names() + ")");
        }
        return backend;
    }

    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }
}
