package io.llmaas.keys.service;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifiers: generated ones are prefixed UUIDs; caller-chosen ones (LiteLLM lets callers pick) must be tame. */
public final class Ids {

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:@+\\-]{1,128}");

    private Ids() {
    }

    public static String generate(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static boolean acceptable(String id) {
        return id != null && ACCEPTABLE.matcher(id).matches();
    }
}
