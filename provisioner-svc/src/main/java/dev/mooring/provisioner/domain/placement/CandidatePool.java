package dev.mooring.provisioner.domain.placement;

import java.util.Set;
import java.util.TreeSet;

/**
 * A storage pool that may hold a replica: where it is (node, region, zone, rack), how much room it has, and
 * the FlashArrays and array volumes (its drives, as {@code array/volume}) its data lives on.
 */
public record CandidatePool(String poolId, String node, String region, String zone, String rack, long freeBytes,
                            Set<String> arrays, Set<String> driveVolumes) {

    public CandidatePool {
        arrays = Set.copyOf(arrays == null ? Set.of() : arrays);
        driveVolumes = Set.copyOf(driveVolumes == null ? Set.of() : driveVolumes);
    }

    /** The arrays, sorted, for messages. */
    public String arrayNames() {
        return arrays.isEmpty() ? "no array known" : String.join(", ", new TreeSet<>(arrays));
    }

    /** How a reason names this pool. */
    String label() {
        return "pool " + poolId + " (node " + node + ")";
    }

    /** How a reason names this pool with its place in the topology. */
    String describe() {
        return "pool " + poolId + " (node " + node + ", region " + Placement.show(region) + ", zone "
                + Placement.show(zone) + ", rack " + Placement.show(rack) + ", arrays " + arrayNames() + ")";
    }
}
