package dev.mooring.topology.dr.rest;

import dev.mooring.topology.dr.domain.StretchedPod;
import java.time.Instant;
import java.util.List;

/** Both cluster domains, the witness and each stretched pod's state per array, as this domain sees them now. */
public record ClusterDomainsView(String local, long epoch, List<Domain> domains, WitnessView witness, List<StretchedPod> pods,
                                 List<String> warnings) {

    /** One domain; the other one's {@code state} is null when it cannot be reached ({@code error} says why). */
    public record Domain(String name, boolean local, String state, Long epoch, boolean reachable, Instant changedAt,
                         String reason, String endpoint, String error) {
    }

    public record WitnessView(String url, boolean reachable, String error) {
    }
}
