package dev.mooring.provisioner.domain;

import java.util.OptionalInt;

/**
 * Storage node or storageless: a node is a storage node while its zone has fewer storage nodes than
 * {@code maxStorageNodesPerZone} (unlimited when unset, as Portworx does), storageless otherwise. The caller
 * holds the zone's lock, so two nodes of one zone are never counted against the same free place.
 */
public final class StorageRoles {

    public static final String STORAGE = "storage";
    public static final String STORAGELESS = "storageless";

    /** The role and why, as {@code NodeStorageRoleAssigned} reports it. */
    public record Decision(String role, String reason) {
        public boolean storage() {
            return STORAGE.equals(role);
        }
    }

    private StorageRoles() {
    }

    public static Decision decide(String region, String zone, int storageNodesInZone, OptionalInt maxPerZone) {
        String where = describeZone(region, zone);
        if (maxPerZone.isEmpty()) {
            return new Decision(STORAGE, where + " has no limit on storage nodes (maxStorageNodesPerZone unset)");
        }
        int max = maxPerZone.getAsInt();
        if (storageNodesInZone < max) {
            return new Decision(STORAGE, where + " had " + storageNodesInZone + " of at most " + max
                    + " storage nodes");
        }
        return new Decision(STORAGELESS, where + " already has " + storageNodesInZone + " of at most " + max
                + " storage nodes");
    }

    /** {@code zone z1 (region r1)}, or {@code the zone-less part of the cluster} when no zone is known. */
    public static String describeZone(String region, String zone) {
        String z = zone == null || zone.isBlank() ? "the nodes without a zone" : "zone " + zone;
        return region == null || region.isBlank() ? z : z + " (region " + region + ")";
    }

    /** The key of the lock and of the count: region and zone, empty when unknown. */
    public static String zoneKey(String region, String zone) {
        return (region == null ? "" : region) + "/" + (zone == null ? "" : zone);
    }
}
