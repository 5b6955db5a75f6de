package dev.mooring.kit.inventory;

/** An orphan's identity: kind, location (its array, or {@link #SHARED}) and name. */
public record OrphanKey(String kind, String location, String name) {

    /** The location of an object seen through several arrays (a stretched pod's volume). */
    public static final String SHARED = "*";
}
