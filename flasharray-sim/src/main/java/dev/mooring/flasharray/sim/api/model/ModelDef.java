package dev.mooring.flasharray.sim.api.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A REST 2.x response model as Pure's SDKs define it: its fields, each with the versions it exists in. */
public final class ModelDef {
    private final String name;
    private final Map<String, FieldDef> fields;

    ModelDef(String name, List<FieldDef> fields) {
        this.name = name;
        this.fields = new LinkedHashMap<>();
        fields.forEach(f -> this.fields.put(f.name(), f));
    }

    public String name() {
        return name;
    }

    /** Every field the model has had in any version, in file order. */
    public List<FieldDef> fields() {
        return List.copyOf(fields.values());
    }

    /** The fields the model has at a REST version ({@code major*10000+minor}). */
    public List<FieldDef> fieldsAt(int version) {
        List<FieldDef> out = new ArrayList<>(fields.size());
        for (FieldDef f : fields.values()) {
            if (f.presentAt(version)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The field of that name in any version, or null. */
    public FieldDef field(String fieldName) {
        return fields.get(fieldName);
    }
}
