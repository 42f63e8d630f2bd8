package io.llmaas.keys.security;

import java.util.Arrays;
import java.util.Optional;

/** A user's platform role. {@code admin-readonly} may read everything and change nothing. */
public enum Role {
    ADMIN("admin"),
    ADMIN_READONLY("admin-readonly"),
    USER("user");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wireName.equalsIgnoreCase(value)).findFirst();
    }

    public static Role of(String wireName) {
        return parse(wireName).orElse(USER);
    }
}
