package dev.mooring.devstack.kubeapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a value in a Kubernetes object, as the API server's Go types define it: a struct with known
 * fields, a map, a list, a scalar, or free-form JSON. Derived from fabric8's model classes (generated from
 * Kubernetes' own OpenAPI) by {@link ModelShapes}; used to validate and prune bodies, to apply strategic merge
 * patches, and to publish OpenAPI.
 */
public sealed interface Shape permits Shape.Struct, Shape.MapOf, Shape.ListOf, Shape.Scalar, Shape.Free {

    /** A struct: its definition name (as OpenAPI names it) and fields in declaration order. */
    final class Struct implements Shape {
        private final String definition;
        private final Class<?> type;
        private final Map<String, Field> fields = new LinkedHashMap<>();

        Struct(String definition, Class<?> type) {
            this.definition = definition;
            this.type = type;
        }

        public String definition() {
            return definition;
        }

        public Class<?> type() {
            return type;
        }

        public Map<String, Field> fields() {
            return fields;
        }

        void add(Field field) {
            fields.put(field.name(), field);
        }

        @Override
        public String toString() {
            return definition;
        }
    }

    /**
     * A field of a struct; a list field may carry a strategic-merge strategy ({@code merge}, {@code retainKeys}
     * or both) and the key its items are merged by.
     */
    record Field(String name, Shape shape, String patchStrategy, String mergeKey) {

        public boolean mergesList() {
            return patchStrategy != null && patchStrategy.contains("merge");
        }
    }

    /** A map from strings to values of one shape. */
    record MapOf(Shape values) implements Shape {
    }

    /** A list of items of one shape. */
    record ListOf(Shape items) implements Shape {
    }

    /**
     * A scalar: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code int-or-string} or
     * {@code quantity} (a string such as {@code 10Gi}, or a number); {@code format} as OpenAPI gives it.
     */
    record Scalar(String type, String format) implements Shape {
    }

    /** Free-form JSON, kept as given. */
    record Free() implements Shape {
    }
}
