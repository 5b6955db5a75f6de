package dev.mooring.topology.scheduling;

import java.util.Collection;
import java.util.Objects;

/**
 * Stork's locality scores on its 0–100 scale: a node holding the data 100, in the same rack as the data 50, the same
 * zone 25, the same region 10, elsewhere 0. A rack or zone matches only within the same region (and zone): rack and
 * zone names repeat across sites. Unknown levels never match.
 */
public final class Locality {

    public static final int NODE = 100;
    public static final int RACK = 50;
    public static final int ZONE = 25;
    public static final int REGION = 10;
    public static final int NONE = 0;

    private Locality() {
    }

    /** The best score of {@code node} against any of the places holding the data. */
    public static int score(NodePlace node, Collection<NodePlace> dataPlaces) {
        int best = NONE;
        for (NodePlace data : dataPlaces) {
            best = Math.max(best, score(node, data));
        }
        return best;
    }

    /** How close {@code node} is to one place holding the data. */
    public static int score(NodePlace node, NodePlace data) {
        if (node.node().equals(data.node())) {
            return NODE;
        }
        if (!same(node.region(), data.region())) {
            return NONE;
        }
        if (!same(node.zone(), data.zone())) {
            return REGION;
        }
        return same(node.rack(), data.rack()) ? RACK : ZONE;
    }

    private static boolean same(String a, String b) {
        return a != null && !a.isEmpty() && Objects.equals(a, b);
    }
}
