package io.llmaas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options; a name given several times (--target, --header) keeps every value. */
final class Options {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value at " + args[i]);
            }
            options.values.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    String require(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    double decimal(String name, double fallback) {
        return Double.parseDouble(get(name, Double.toString(fallback)));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** {@code --body-file path} or {@code --body text}. */
    byte[] body() throws Exception {
        String file = get("body-file", null);
        return file != null ? Files.readAllBytes(Path.of(file)) : get("body", "").getBytes();
    }

    /** The targets, {@code --target name=url}, in the order given. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (String t : all("target")) {
            int eq = t.indexOf('=');
            targets.add(Target.of(t.substring(0, eq), t.substring(eq + 1), all("header")));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target name=url is required");
        }
        return targets;
    }
}
