package dev.mooring.flasharray.sim.api.model;

/**
 * One field of a REST response model: the JSON key, the REST versions it exists in ({@code since} up to
 * {@code until}, both as {@code major*10000+minor}; {@code until} 0 = still present) and, for an object or a list
 * of objects, the model of those objects.
 */
public record FieldDef(String name, int since, int until, String nested, boolean list) {

    public boolean presentAt(int version) {
        return version >= since && (until == 0 || version <= until);
    }

    public boolean isObject() {
        return nested != null;
    }
}
