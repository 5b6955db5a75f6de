package dev.mooring.topology.dr.migration.domain;

/** A PVC whose volume the paired cluster cannot reach (so neither it nor its PV is copied), and why. */
public record UnprotectedClaim(String namespace, String pvc, String reason) {
}
