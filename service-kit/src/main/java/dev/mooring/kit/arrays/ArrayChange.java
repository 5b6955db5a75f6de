package dev.mooring.kit.arrays;

/**
 * A configured array's state changed: registered, failed (or failed differently), or removed from
 * pure.json ({@code after} is null). {@code before} is null for a new entry.
 */
public record ArrayChange(RegisteredArray before, RegisteredArray after) {

    public boolean removed() {
        return after == null;
    }
}
