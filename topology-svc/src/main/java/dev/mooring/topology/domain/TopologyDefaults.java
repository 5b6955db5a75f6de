package dev.mooring.topology.domain;

/** The values a level takes when no label and no px_env report gives one; null means none. */
public record TopologyDefaults(String region, String zone, String rack) {

    public TopologyDefaults {
        region = blankToNull(region);
        zone = blankToNull(zone);
        rack = blankToNull(rack);
    }

    public static TopologyDefaults none() {
        return new TopologyDefaults(null, null, null);
    }

    public String of(TopologyLevel level) {
        return switch (level) {
            case REGION -> region;
            case ZONE -> zone;
            case RACK -> rack;
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
