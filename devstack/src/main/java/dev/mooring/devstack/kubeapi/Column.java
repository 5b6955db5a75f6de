package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * One column of what {@code kubectl get} prints for a kind, as the API server's Table defines it: name, type,
 * format ({@code name} marks the object's name), priority (1 = only with {@code -o wide}), and the cell's value
 * computed from the stored object at a given moment (ages are relative).
 */
public record Column(String name, String type, String format, int priority, String description,
                     BiFunction<JsonNode, Instant, Object> cell) {

    /** A column shown by default. */
    public static Column of(String name, String description, BiFunction<JsonNode, Instant, Object> cell) {
        return new Column(name, "string", "", 0, description, cell);
    }

    /** A column shown only with {@code -o wide}. */
    public static Column wide(String name, String description, BiFunction<JsonNode, Instant, Object> cell) {
        return new Column(name, "string", "", 1, description, cell);
    }

    public Column typed(String cellType) {
        return new Column(name, cellType, format, priority, description, cell);
    }

    public Column formatted(String cellFormat) {
        return new Column(name, type, cellFormat, priority, description, cell);
    }
}
