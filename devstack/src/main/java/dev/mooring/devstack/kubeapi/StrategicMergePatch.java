package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a strategic merge patch ({@code application/strategic-merge-patch+json}, what client-side
 * {@code kubectl apply} and {@code kubectl patch} send for built-in kinds) as the API server does: maps merge,
 * {@code null} deletes, lists merge by their merge key (or as sets of primitives) where the kind's Go types say
 * so and are replaced otherwise, and the directives {@code $patch} (replace, delete, merge),
 * {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} are honoured.
 */
public final class StrategicMergePatch {

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /** The patched object; {@code original} is not changed. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, Shape.Struct shape) {
        JsonNode merged = mergeObject(original.deepCopy(), patch, shape);
        return merged instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    /** Merges {@code patch} into {@code target} (changed in place); null when the patch deletes the object. */
    private static JsonNode mergeObject(ObjectNode target, ObjectNode patch, Shape shape) {
        String directive = patch.path(PATCH).asText("");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            return withoutDirectives(patch);
        }
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS)) {
                continue;
            }
            if (key.startsWith(SET_ORDER)) {
                orders.put(key.substring(SET_ORDER.length()), value);
                continue;
            }
            if (key.startsWith(DELETE_FROM)) {
                String list = key.substring(DELETE_FROM.length());
                if (target.get(list) instanceof ArrayNode items) {
                    removeValues(items, value);
                }
                continue;
            }
            if (value.isNull()) {
                target.remove(key);
                continue;
            }
            Shape.Field field = shape instanceof Shape.Struct struct ? struct.fields().get(key) : null;
            Shape child = childShape(shape, key);
            JsonNode current = target.get(key);
            if (value instanceof ObjectNode object && current instanceof ObjectNode existing) {
                JsonNode merged = mergeObject(existing, object, child);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (value instanceof ArrayNode list && field != null && field.mergesList()) {
                target.set(key, mergeList(current instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode(),
                        list, field, itemShape(child)));
            } else if (value instanceof ObjectNode object) {
                JsonNode created = mergeObject(JsonNodeFactory.instance.objectNode(), object, child);
                if (created != null) {
                    target.set(key, created);
                }
            } else {
                target.set(key, withoutDirectives(value));
            }
        }
        orders.forEach((list, order) -> {
            if (target.get(list) instanceof ArrayNode items && order instanceof ArrayNode wanted) {
                Shape.Field field = shape instanceof Shape.Struct struct ? struct.fields().get(list) : null;
                target.set(list, reorder(items, wanted, field == null ? null : field.mergeKey()));
            }
        });
        if (patch.get(RETAIN_KEYS) instanceof ArrayNode retained) {
            Set<String> keep = new HashSet<>();
            retained.forEach(k -> keep.add(k.asText()));
            target.retain(keep);
        }
        return target;
    }

    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, Shape.Field field, Shape items) {
        ArrayNode result = current.deepCopy();
        String key = field.mergeKey();
        for (JsonNode item : patch) {
            if (item instanceof ObjectNode object && object.has(PATCH)) {
                String directive = object.get(PATCH).asText();
                if (directive.equals("replace")) {
                    ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
                    patch.forEach(other -> {
                        if (!(other instanceof ObjectNode o && o.has(PATCH))) {
                            replaced.add(withoutDirectives(other));
                        }
                    });
                    return replaced;
                }
                if (directive.equals("delete") && key != null) {
                    removeByKey(result, key, object.get(key));
                    continue;
                }
            }
            if (key == null) {
                if (!contains(result, item)) {
                    result.add(withoutDirectives(item)); // a set of primitives: added once
                }
                continue;
            }
            int at = indexByKey(result, key, item.get(key));
            if (at < 0) {
                result.add(withoutDirectives(item));
            } else if (item instanceof ObjectNode object && result.get(at) instanceof ObjectNode existing) {
                JsonNode merged = mergeObject(existing, object, items);
                if (merged == null) {
                    result.remove(at);
                } else {
                    result.set(at, merged);
                }
            }
        }
        return result;
    }

    /** The items named in {@code order} first, in that order, then the others as they were. */
    private static ArrayNode reorder(ArrayNode items, ArrayNode order, String key) {
        List<JsonNode> remaining = new ArrayList<>();
        items.forEach(remaining::add);
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wanted : order) {
            for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext(); ) {
                JsonNode item = it.next();
                JsonNode id = key == null ? item : item.get(key);
                JsonNode wantedId = key == null ? wanted : wanted.get(key);
                if (id != null && id.equals(wantedId)) {
                    sorted.add(item);
                    it.remove();
                    break;
                }
            }
        }
        remaining.forEach(sorted::add);
        return sorted;
    }

    private static Shape childShape(Shape shape, String key) {
        if (shape instanceof Shape.Struct struct) {
            Shape.Field field = struct.fields().get(key);
            return field == null ? new Shape.Free() : field.shape();
        }
        if (shape instanceof Shape.MapOf map) {
            return map.values();
        }
        return new Shape.Free();
    }

    private static Shape itemShape(Shape list) {
        return list instanceof Shape.ListOf l ? l.items() : new Shape.Free();
    }

    private static int indexByKey(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i).get(key);
            if (id != null && id.equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static void removeByKey(ArrayNode list, String key, JsonNode value) {
        int at = indexByKey(list, key, value);
        if (at >= 0) {
            list.remove(at);
        }
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void removeValues(ArrayNode list, JsonNode values) {
        for (JsonNode value : values) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).equals(value)) {
                    list.remove(i);
                }
            }
        }
    }

    /** A copy of a patch value with the directives taken out, as it is stored. */
    private static JsonNode withoutDirectives(JsonNode value) {
        if (value instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            object.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("$") && !e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutDirectives(e.getValue()));
                }
            });
            return copy;
        }
        if (value instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(withoutDirectives(item)));
            return copy;
        }
        return value;
    }
}
