package dev.mooring.flasharray.sim.api.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Projects an item rendered with every field the simulator knows onto the fields its model has at one REST
 * version, nested objects included, so an answer carries exactly what an SDK of that version expects.
 * <p>
 * It is strict on purpose: a field of the model the renderer did not put (not even as {@code null}), or a key that is
 * no field of the model in any version, is a simulator bug and fails the call rather than reaching a client.
 */
public final class Shaper {
    private final ModelCatalog catalog;
    private final int version;

    Shaper(ModelCatalog catalog, int version) {
        this.catalog = catalog;
        this.version = version;
    }

    public int version() {
        return version;
    }

    public JsonObject shape(String model, JsonObject full) {
        ModelDef m = catalog.model(model);
        for (String key : full.fieldNames()) {
            if (m.field(key) == null) {
                throw new IllegalStateException(model + "." + key + " is not a field of the " + model + " model");
            }
        }
        JsonObject out = new JsonObject();
        for (FieldDef f : m.fieldsAt(version)) {
            if (!full.containsKey(f.name())) {
                throw new IllegalStateException(model + "." + f.name() + " has no value (not even null) in the rendered item");
            }
            out.put(f.name(), f.isObject() ? nested(model, f, full.getValue(f.name())) : full.getValue(f.name()));
        }
        return out;
    }

    private Object nested(String model, FieldDef f, Object value) {
        if (value == null) {
            return null;
        }
        if (!f.list()) {
            if (!(value instanceof JsonObject o)) {
                throw new IllegalStateException(model + "." + f.name() + " must be an object");
            }
            return shape(f.nested(), o);
        }
        if (!(value instanceof JsonArray arr)) {
            throw new IllegalStateException(model + "." + f.name() + " must be a list");
        }
        JsonArray out = new JsonArray();
        for (Object e : arr) {
            if (!(e instanceof JsonObject o)) {
                throw new IllegalStateException(model + "." + f.name() + " must hold objects");
            }
            out.add(shape(f.nested(), o));
        }
        return out;
    }
}
