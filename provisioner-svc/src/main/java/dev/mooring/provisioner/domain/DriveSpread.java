package dev.mooring.provisioner.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a storage node's drives go. An array whose pure.json {@code Labels} name a region or zone serves only
 * nodes of that region or zone; among the arrays that may serve the node, those whose labels match it are
 * preferred (affinity), then the one with the most room, then the name — so the same inputs always give the
 * same plan, and two drives of one node land on two arrays when they have similar room. Room is the array's
 * free space less the drives Mooring already placed on it (drives are thin, but a pool counts on its
 * capacity). A drive that fits no array fails the whole plan: the node gets all its drives or none.
 */
public final class DriveSpread {

    /** Label keys that name an array's zone or region, most specific spelling first. */
    static final List<String> ZONE_KEYS = List.of("topology.portworx.io/zone", "topology.kubernetes.io/zone",
            "px/zone", "zone");
    static final List<String> REGION_KEYS = List.of("topology.portworx.io/region", "topology.kubernetes.io/region",
            "px/region", "region");

    /** One registered array as the planner sees it. */
    public record ArrayFacts(String name, boolean reachable, long freeBytes, long reservedBytes,
                             Map<String, String> labels) {
        long room() {
            return freeBytes - reservedBytes;
        }

        Optional<String> zone() {
            return label(ZONE_KEYS);
        }

        Optional<String> region() {
            return label(REGION_KEYS);
        }

        private Optional<String> label(List<String> keys) {
            return keys.stream().map(k -> labels == null ? null : labels.get(k))
                    .filter(v -> v != null && !v.isBlank()).findFirst();
        }
    }

    /** One drive to make: its index in the pool, size and array. */
    public record Placement(int index, long sizeBytes, String array) {
    }

    public sealed interface Plan {
    }

    public record Placed(List<Placement> drives) implements Plan {
    }

    /** No plan: {@code reason} is stable ({@code NoArrayRegistered}, {@code NoArrayForZone}, {@code ArrayOutOfSpace}). */
    public record Refused(String reason, String message, boolean retryable) implements Plan {
    }

    private DriveSpread() {
    }

    /** Plans drives of {@code sizes}, numbered from {@code firstIndex}, for a node in {@code region}/{@code zone}. */
    public static Plan plan(List<Long> sizes, int firstIndex, String region, String zone, List<ArrayFacts> arrays) {
        if (arrays.isEmpty()) {
            return new Refused("NoArrayRegistered", "No FlashArray is registered: add one to pure.json", true);
        }
        List<ArrayFacts> eligible = arrays.stream().filter(a -> serves(a, region, zone)).toList();
        if (eligible.isEmpty()) {
            return new Refused("NoArrayForZone", "No registered FlashArray serves "
                    + StorageRoles.describeZone(region, zone) + ": every array's Labels name another zone or region ("
                    + String.join(", ", arrays.stream().map(ArrayFacts::name).toList()) + ")", false);
        }
        List<ArrayFacts> reachable = eligible.stream().filter(ArrayFacts::reachable).toList();
        if (reachable.isEmpty()) {
            return new Refused("NoArrayReachable", "No FlashArray that serves " + StorageRoles.describeZone(region, zone)
                    + " answers now (" + String.join(", ", eligible.stream().map(ArrayFacts::name).toList()) + ")", true);
        }
        Map<String, Long> planned = new HashMap<>();
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            long size = sizes.get(i);
            Optional<ArrayFacts> chosen = reachable.stream()
                    .filter(a -> a.room() - planned.getOrDefault(a.name(), 0L) >= size)
                    .min(Comparator.<ArrayFacts>comparingInt(a -> -affinity(a, region, zone))
                            .thenComparing(a -> -(a.room() - planned.getOrDefault(a.name(), 0L)))
                            .thenComparing(ArrayFacts::name));
            if (chosen.isEmpty()) {
                return new Refused("ArrayOutOfSpace", "No FlashArray that serves "
                        + StorageRoles.describeZone(region, zone) + " has room for a drive of " + gib(size)
                        + " (room: " + String.join(", ", reachable.stream().map(a -> a.name() + " "
                        + gib(Math.max(0, a.room() - planned.getOrDefault(a.name(), 0L)))).toList())
                        + "); free space on an array or lower driveSpecs", false);
            }
            planned.merge(chosen.get().name(), size, Long::sum);
            placements.add(new Placement(firstIndex + i, size, chosen.get().name()));
        }
        return new Placed(List.copyOf(placements));
    }

    /** Whether the array's labels allow it to serve a node of this region and zone. */
    static boolean serves(ArrayFacts array, String region, String zone) {
        return array.region().map(r -> r.equals(region)).orElse(true)
                && array.zone().map(z -> z.equals(zone)).orElse(true);
    }

    /** 2 when the array's labels name the node's zone, 1 its region only, 0 when they name neither. */
    static int affinity(ArrayFacts array, String region, String zone) {
        if (array.zone().isPresent()) {
            return 2;
        }
        return array.region().isPresent() ? 1 : 0;
    }

    static String gib(long bytes) {
        return bytes % StorageSettings.GIB == 0 ? bytes / StorageSettings.GIB + " GiB"
                : String.format(java.util.Locale.ROOT, "%.1f GiB", (double) bytes / StorageSettings.GIB);
    }

    /** Label keys recognised, for the README and messages. */
    public static Set<String> labelKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>(ZONE_KEYS);
        keys.addAll(REGION_KEYS);
        return keys;
    }
}
