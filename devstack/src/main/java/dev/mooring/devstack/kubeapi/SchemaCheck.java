package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server's decoder finds in a body, checked against the kind's {@link Shape}: a value of the wrong
 * JSON type (always refused, as Go's decoder refuses it), and fields the kind does not have (refused, warned
 * about or ignored per the request's {@code fieldValidation}). Unknown fields are removed from the body, as a
 * real server never stores them.
 */
public final class SchemaCheck {

    /** What was found: unknown field paths ({@code spec.foo}, {@code items[0].bar}) and the first type error. */
    public record Findings(List<String> unknownFields, Optional<String> typeError) {
    }

    private SchemaCheck() {
    }

    /** Checks {@code body} against {@code root}, removing the unknown fields it finds. */
    public static Findings checkAndPrune(ObjectNode body, Shape.Struct root) {
        List<String> unknown = new ArrayList<>();
        List<String> typeErrors = new ArrayList<>();
        struct(body, root, "", unknown, typeErrors);
        return new Findings(List.copyOf(unknown), typeErrors.stream().findFirst());
    }

    private static void struct(ObjectNode node, Shape.Struct shape, String path, List<String> unknown,
                               List<String> typeErrors) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String fieldPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            Shape.Field field = shape.fields().get(entry.getKey());
            if (field == null) {
                unknown.add(fieldPath);
                fields.remove();
            } else {
                value(entry.getValue(), field.shape(), fieldPath, shape.type().getSimpleName(), unknown, typeErrors);
            }
        }
    }

    private static void value(JsonNode value, Shape shape, String path, String owner, List<String> unknown,
                              List<String> typeErrors) {
        if (value == null || value.isNull()) {
            return; // null decodes to the zero value
        }
        if (shape instanceof Shape.Struct s) {
            if (value instanceof ObjectNode object) {
                struct(object, s, path, unknown, typeErrors);
            } else {
                typeErrors.add(mismatch(value, owner, path, goType(s)));
            }
        } else if (shape instanceof Shape.MapOf m) {
            if (value instanceof ObjectNode object) {
                object.fields().forEachRemaining(e -> value(e.getValue(), m.values(), path + "." + e.getKey(), owner,
                        unknown, typeErrors));
            } else {
                typeErrors.add(mismatch(value, owner, path, goType(m)));
            }
        } else if (shape instanceof Shape.ListOf l) {
            if (value instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    value(array.get(i), l.items(), path + "[" + i + "]", owner, unknown, typeErrors);
                }
            } else {
                typeErrors.add(mismatch(value, owner, path, goType(l)));
            }
        } else if (shape instanceof Shape.Scalar s && !fits(value, s)) {
            typeErrors.add(mismatch(value, owner, path, goType(s)));
        }
        // Shape.Free: anything goes
    }

    private static boolean fits(JsonNode value, Shape.Scalar scalar) {
        return switch (scalar.type()) {
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "int-or-string" -> value.isTextual() || value.isIntegralNumber();
            case "quantity" -> value.isTextual() || value.isNumber();
            default -> true;
        };
    }

    private static String mismatch(JsonNode value, String owner, String path, String expected) {
        return "json: cannot unmarshal " + jsonType(value) + " into Go struct field " + owner + "." + path
                + " of type " + expected;
    }

    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String goType(Shape shape) {
        if (shape instanceof Shape.Struct s) {
            return "v1." + s.type().getSimpleName();
        }
        if (shape instanceof Shape.MapOf m) {
            return "map[string]" + goType(m.values());
        }
        if (shape instanceof Shape.ListOf l) {
            return "[]" + goType(l.items());
        }
        if (shape instanceof Shape.Scalar s) {
            return switch (s.type()) {
                case "boolean" -> "bool";
                case "integer" -> s.format();
                case "number" -> "float64";
                case "quantity" -> "resource.Quantity";
                case "int-or-string" -> "intstr.IntOrString";
                default -> "string";
            };
        }
        return "interface {}";
    }
}
