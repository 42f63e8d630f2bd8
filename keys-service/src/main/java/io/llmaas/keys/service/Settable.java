package io.llmaas.keys.service;

import java.util.function.Consumer;

/**
 * A field of an update: absent (leave as is) or present with a value, where a present {@code null} clears it. LiteLLM
 * ignores nulls, so its users resort to sentinels; here an explicit JSON {@code null} removes a limit.
 */
public record Settable<T>(boolean present, T value) {

    private static final Settable<?> ABSENT = new Settable<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Settable<T> absent() {
        return (Settable<T>) ABSENT;
    }

    public static <T> Settable<T> of(T value) {
        return new Settable<>(true, value);
    }

    public void ifPresent(Consumer<T> apply) {
        if (present) {
            apply.accept(value);
        }
    }

    /** The new value if present, otherwise {@code current}. */
    public T or(T current) {
        return present ? value : current;
    }
}
