package dev.mooring.topology.scheduling;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which zones reach a FlashArray volume: the zones of the arrays that serve it now. An array serves a pod's volume
 * while the pod is {@code online} on it, a volume outside any pod from its one array while that array answers; an
 * unreachable array serves nothing. An array without a zone label serves every zone.
 */
public final class ArrayReach {

    /** The pure.json label that places an array in a zone. */
    public static final String ZONE_LABEL = "topology.portworx.io/zone";

    /** One reachable array as this rule needs it: its name, its zone (null: every zone), the pods online on it. */
    public record ReachableArray(String name, String zone, Set<String> podsOnline) {
    }

    /** The zones that reach a volume; {@code everyZone} when a serving array has no zone. */
    public record Zones(boolean everyZone, Set<String> zones) {

        public static final Zones NONE = new Zones(false, Set.of());

        public boolean reaches(String zone) {
            return everyZone || (zone != null && zones.contains(zone));
        }

        public boolean isEmpty() {
            return !everyZone && zones.isEmpty();
        }
    }

    private ArrayReach() {
    }

    /** The zone of an array from its pure.json labels, or null when it has none (it serves every zone). */
    public static String zoneOf(Map<String, String> labels) {
        String zone = labels == null ? null : labels.get(ZONE_LABEL);
        return zone == null || zone.isBlank() ? null : zone;
    }

    /** The arrays (among the reachable ones) that serve a FlashArray volume now. */
    public static List<ReachableArray> serving(MooringVolume volume, Collection<ReachableArray> reachable) {
        return reachable.stream()
                .filter(a -> volume.arrays().contains(a.name()))
                .filter(a -> volume.pod() == null || a.podsOnline().contains(volume.pod()))
                .toList();
    }

    /** The zones that reach a FlashArray volume now. */
    public static Zones zones(MooringVolume volume, Collection<ReachableArray> reachable) {
        List<ReachableArray> serving = serving(volume, reachable);
        if (serving.stream().anyMatch(a -> a.zone() == null)) {
            return new Zones(true, Set.of());
        }
        return new Zones(false, Set.copyOf(serving.stream().map(ReachableArray::zone).toList()));
    }
}
