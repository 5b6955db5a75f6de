package dev.mooring.provisioner.domain.placement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for an array's pure.json {@code Labels}, for drives and direct volumes alike: an array whose labels
 * name a region or a zone serves only what is in that region or zone; among the arrays that may serve, those whose
 * labels name the zone (then the region) are preferred; an array without such labels serves everything. Where the
 * topology is not known (a volume whose node is not chosen yet), labels restrict nothing.
 */
public final class ArrayLabels {

    /** Label keys that name an array's zone or region, most specific spelling first. */
    static final List<String> ZONE_KEYS = List.of("topology.portworx.io/zone", "topology.kubernetes.io/zone",
            "px/zone", "zone");
    static final List<String> REGION_KEYS = List.of("topology.portworx.io/region", "topology.kubernetes.io/region",
            "px/region", "region");

    private ArrayLabels() {
    }

    /** The zone the labels name, if any. */
    public static Optional<String> zone(Map<String, String> labels) {
        return first(labels, ZONE_KEYS);
    }

    /** The region the labels name, if any. */
    public static Optional<String> region(Map<String, String> labels) {
        return first(labels, REGION_KEYS);
    }

    /** Whether an array with these labels may serve {@code where}. */
    public static boolean serves(Map<String, String> labels, Topology where) {
        if (!where.known()) {
            return true;
        }
        return region(labels).map(r -> r.equals(where.region())).orElse(true)
                && zone(labels).map(z -> z.equals(where.zone())).orElse(true);
    }

    /**
     * 2 when the labels name the zone, 1 the region only, 0 neither (among arrays that serve {@code where}, so a
     * named zone or region is the one wanted); always 0 where the topology is not known.
     */
    public static int affinity(Map<String, String> labels, Topology where) {
        if (!where.known()) {
            return 0;
        }
        if (zone(labels).isPresent()) {
            return 2;
        }
        return region(labels).isPresent() ? 1 : 0;
    }

    /** Label keys recognised, for the README and messages. */
    public static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(ZONE_KEYS);
        keys.addAll(REGION_KEYS);
        return keys;
    }

    private static Optional<String> first(Map<String, String> labels, List<String> keys) {
        return keys.stream().map(k -> labels == null ? null : labels.get(k))
                .filter(v -> v != null && !v.isBlank()).findFirst();
    }
}
