package dev.mooring.flasharray.sim.domain;

/**
 * A requested change of an optional field: a {@code Change} with a null value unsets it, a non-null value sets
 * it; a null {@code Change} reference means "leave it as it is".
 */
public record Change<T>(T value) {
    public static <T> Change<T> unset() {
        return new Change<>(null);
    }

    public static <T> Change<T> to(T value) {
        return new Change<>(value);
    }
}
