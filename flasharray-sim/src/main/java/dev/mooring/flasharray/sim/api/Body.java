package dev.mooring.flasharray.sim.api;

import dev.mooring.flasharray.sim.domain.Change;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Typed reads of a JSON request body; a wrong type is a 400 naming the field. Unknown fields are ignored. */
final class Body {
    private Body() {
    }

    static Long optLong(JsonObject body, String key) {
        if (body == null || !body.containsKey(key) || body.getValue(key) == null) {
            return null;
        }
        Object v = body.getValue(key);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (n instanceof Double || n instanceof Float) {
                if (d != Math.rint(d)) {
                    throw ApiError.badRequest(key, "Field " + key + " must be an integer.");
                }
                return (long) d;
            }
            return n.longValue();
        }
        throw ApiError.badRequest(key, "Field " + key + " must be a number.");
    }

    static Integer optInt(JsonObject body, String key) {
        Long l = optLong(body, key);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw ApiError.badRequest(key, "Field " + key + " is out of range.");
        }
        return l.intValue();
    }

    static String optString(JsonObject body, String key) {
        return opt(body, key, String.class, "must be a string.");
    }

    static Boolean optBool(JsonObject body, String key) {
        return opt(body, key, Boolean.class, "must be true or false.");
    }

    static JsonObject optObject(JsonObject body, String key) {
        return opt(body, key, JsonObject.class, "must be an object.");
    }

    /** Absent or null → null; a value of the wanted type; anything else → 400 naming the field. */
    private static <T> T opt(JsonObject body, String key, Class<T> type, String requirement) {
        if (body == null || body.getValue(key) == null) {
            return null;
        }
        Object v = body.getValue(key);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw ApiError.badRequest(key, "Field " + key + " " + requirement);
    }

    /** Absent → null; a list of strings. */
    static List<String> optStrings(JsonObject body, String key) {
        if (body == null || !body.containsKey(key)) {
            return null;
        }
        Object v = body.getValue(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray arr)) {
            throw ApiError.badRequest(key, "Field " + key + " must be a list of strings.");
        }
        List<String> out = new ArrayList<>();
        for (Object o : arr) {
            if (!(o instanceof String s)) {
                throw ApiError.badRequest(key, "Field " + key + " must be a list of strings.");
            }
            out.add(s);
        }
        return out;
    }

    /** Absent → null; a list of {@code {"name":…}} references (plain strings accepted too). */
    static List<String> optRefNames(JsonObject body, String key) {
        if (body == null || !body.containsKey(key)) {
            return null;
        }
        Object v = body.getValue(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray arr)) {
            throw ApiError.badRequest(key, "Field " + key + " must be a list of {\"name\":…} references.");
        }
        List<String> out = new ArrayList<>();
        for (Object o : arr) {
            if (o instanceof JsonObject ref && ref.getValue("name") instanceof String s) {
                out.add(s);
            } else if (o instanceof String s) {
                out.add(s);
            } else {
                throw ApiError.badRequest(key, "Field " + key + " must be a list of {\"name\":…} references.");
            }
        }
        return out;
    }

    /** A QoS limit: absent → null (unchanged); null or "" → unset; a number (or numeric string) → set. */
    static Change<Long> qos(JsonObject qos, String key) {
        if (qos == null || !qos.containsKey(key)) {
            return null;
        }
        Object v = qos.getValue(key);
        if (v == null || v instanceof String s && s.isEmpty()) {
            return Change.unset();
        }
        if (v instanceof Number n) {
            return Change.to(n.longValue());
        }
        if (v instanceof String s) {
            try {
                return Change.to(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw ApiError.badRequest("qos." + key, "Field qos." + key + " must be a number, or \"\" to unset it.");
    }

    /** For tri-state string fields: absent → null; null or "" → unset; else set. */
    static Change<String> optChange(JsonObject body, String key) {
        if (body == null || !body.containsKey(key)) {
            return null;
        }
        Object v = body.getValue(key);
        if (v == null || v instanceof String s && s.isEmpty()) {
            return Change.unset();
        }
        if (v instanceof String s) {
            return Change.to(s);
        }
        throw ApiError.badRequest(key, "Field " + key + " must be a string.");
    }
}
