package dev.mooring.provisioner.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The cluster's storage configuration as the provisioner applies it: the drives each storage node gets, how
 * many storage nodes a zone may have, and when and how a pool grows.
 *
 * @param driveSizesBytes          one entry per drive a new storage node gets (from {@code driveSpecs})
 * @param maxStorageNodesPerZone   empty: every node of a zone is a storage node (Portworx's default)
 * @param expansionThresholdPercent a pool at or above this use (percent of capacity) is expanded once
 * @param maxDrivesPerNode         a pool never has more drives
 * @param maxDriveSizeBytes        a drive never grows (nor is made) larger
 * @param expansionMode            grow the drives (preferred: moves no data) or add a drive
 */
public record StorageSettings(List<Long> driveSizesBytes, OptionalInt maxStorageNodesPerZone,
                              int expansionThresholdPercent, int maxDrivesPerNode, long maxDriveSizeBytes,
                              ExpansionMode expansionMode) {

    public static final long GIB = 1024L * 1024 * 1024;

    /** A size in GiB as messages show it: {@code 150 GiB}, {@code 1.5 GiB}. */
    public static String gib(long bytes) {
        return bytes % GIB == 0 ? bytes / GIB + " GiB"
                : String.format(java.util.Locale.ROOT, "%.1f GiB", (double) bytes / GIB);
    }

    /** How a pool over its threshold grows. */
    public enum ExpansionMode { grow, add }

    public StorageSettings {
        driveSizesBytes = List.copyOf(driveSizesBytes);
    }

    /** The settings as their keys (the ConfigMap's data keys) and values, for showing them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(StorageSettingsParser.DRIVE_SPECS, String.join(",", driveSizesBytes.stream()
                .map(size -> "size=" + size / GIB).toList()));
        map.put(StorageSettingsParser.MAX_STORAGE_NODES_PER_ZONE,
                maxStorageNodesPerZone.isPresent() ? maxStorageNodesPerZone.getAsInt() : "unlimited");
        map.put(StorageSettingsParser.EXPANSION_THRESHOLD_PERCENT, expansionThresholdPercent);
        map.put(StorageSettingsParser.MAX_DRIVES_PER_NODE, maxDrivesPerNode);
        map.put(StorageSettingsParser.MAX_DRIVE_SIZE_GIB, maxDriveSizeBytes / GIB);
        map.put(StorageSettingsParser.EXPANSION_MODE, expansionMode.name());
        return map;
    }
}
