package dev.mooring.flasharray.sim.domain;

import java.util.List;

/**
 * Host fields for a POST (whole lists) or a PATCH (whole-list replacement when non-null, plus add/remove
 * lists). For {@code personality} and {@code hostGroup}, a {@link Change} of null unsets.
 */
public record HostSpec(String rename,
                       List<String> iqns, List<String> wwns, List<String> nqns,
                       List<String> addIqns, List<String> removeIqns,
                       List<String> addWwns, List<String> removeWwns,
                       List<String> addNqns, List<String> removeNqns,
                       Change<String> personality, Change<String> hostGroup,
                       List<String> preferredArrays,
                       Change<String> chapHostUser, Change<String> chapHostPassword,
                       Change<String> chapTargetUser, Change<String> chapTargetPassword) {

    public static HostSpec empty() {
        return new HostSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static HostSpec withInitiators(List<String> iqns, List<String> wwns, List<String> nqns) {
        return new HostSpec(null, iqns, wwns, nqns, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
