package dev.mooring.provisioner.domain.placement;

/**
 * Where something is to be served: a region and a zone, as topology-svc assigned them (either may be missing), or
 * not known at all — a volume whose node is not chosen yet, which any array may serve.
 */
public record Topology(boolean known, String region, String zone) {

    /** Nothing known: labels restrict nothing. */
    public static final Topology UNKNOWN = new Topology(false, null, null);

    public Topology {
        region = region == null || region.isBlank() ? null : region;
        zone = zone == null || zone.isBlank() ? null : zone;
    }

    /** A node's topology (a missing region or zone is a value too: an array labelled for one does not serve it). */
    public static Topology of(String region, String zone) {
        return new Topology(true, region, zone);
    }

    /** {@code zone z1 (region r1)}, or {@code the nodes without a zone} when no zone is known. */
    public String describe() {
        String z = zone == null ? "the nodes without a zone" : "zone " + zone;
        return region == null ? z : z + " (region " + region + ")";
    }
}
