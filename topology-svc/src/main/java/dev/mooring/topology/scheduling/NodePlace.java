package dev.mooring.topology.scheduling;

/** Where a node is: its name and its region, zone and rack (each null when unknown). */
public record NodePlace(String node, String region, String zone, String rack) {

    /** A node of which nothing but the name is known. */
    public static NodePlace unknown(String node) {
        return new NodePlace(node, null, null, null);
    }
}
