package io.llmaas.usage.repository;

import java.util.Arrays;
import java.util.Optional;

/** What usage can be grouped by; each maps to one rollup column (never to caller-supplied SQL). */
public enum Dimension {
    KEY("key", "key_id"),
    USER("user", "user_id"),
    TEAM("team", "team_id"),
    MODEL("model", "model");

    private final String wireName;
    private final String column;

    Dimension(String wireName, String column) {
        this.wireName = wireName;
        this.column = column;
    }

    public String wireName() {
        return wireName;
    }

    String column() {
        return column;
    }

    public static Optional<Dimension> of(String wireName) {
        return Arrays.stream(values()).filter(d -> d.wireName.equalsIgnoreCase(wireName)).findFirst();
    }
}
