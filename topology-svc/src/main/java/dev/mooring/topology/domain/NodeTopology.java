package dev.mooring.topology.domain;

import java.util.List;

/** A node's derived region, zone and rack, each with its source, and the conflicting inputs it found. */
public record NodeTopology(LevelValue region, LevelValue zone, LevelValue rack, List<String> conflicts) {

    public NodeTopology {
        region = region == null ? LevelValue.unset() : region;
        zone = zone == null ? LevelValue.unset() : zone;
        rack = rack == null ? LevelValue.unset() : rack;
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public LevelValue level(TopologyLevel level) {
        return switch (level) {
            case REGION -> region;
            case ZONE -> zone;
            case RACK -> rack;
        };
    }
}
