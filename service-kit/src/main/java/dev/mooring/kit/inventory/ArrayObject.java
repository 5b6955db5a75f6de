package dev.mooring.kit.inventory;

/**
 * One object as an array lists it: its {@code kind} (a small fixed set per source: {@code volume}, {@code drive},
 * {@code host}…), its full name, whether it is destroyed already (pending eradication: never an orphan), and whether
 * it is {@code shared} — one object seen through several arrays (a volume of an ActiveCluster pod), identified by
 * its name alone and cleaned up once.
 */
public record ArrayObject(String array, String kind, String name, boolean destroyed, boolean shared) {

    /** An object of one array. */
    public static ArrayObject on(String array, String kind, String name, boolean destroyed) {
        return new ArrayObject(array, kind, name, destroyed, false);
    }

    /** Where its orphan is booked: its array, or {@link OrphanKey#SHARED} for a shared object. */
    public OrphanKey key() {
        return new OrphanKey(kind, shared ? OrphanKey.SHARED : array, name);
    }
}
