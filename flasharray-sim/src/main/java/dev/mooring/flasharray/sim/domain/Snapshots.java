package dev.mooring.flasharray.sim.domain;

import java.util.List;

/** Immutable copies of fleet state for assertions from any thread ({@code sim.fleet().volumes("array-a")}). */
public final class Snapshots {
    private Snapshots() {
    }

    public record VolumeInfo(String id, String name, String serial, long provisioned, boolean destroyed, String pod,
                             long written, int connectionCount, Long bandwidthLimit, Long iopsLimit) {
    }

    public record ConnectionInfo(String host, String hostGroup, String volume, String volumeId, int lun) {
    }

    public record HostInfo(String name, List<String> iqns, List<String> wwns, List<String> nqns, String hostGroup,
                           int connectionCount) {
    }

    public record HostGroupInfo(String name, List<String> hosts, int connectionCount) {
    }

    /** A pod as one array sees it. */
    public record PodInfo(String name, String id, List<String> arrays, boolean destroyed, List<String> failoverPreferences,
                          List<PodStatus> statuses) {
        public PodStatus on(String array) {
            return statuses.stream().filter(s -> s.arrayName().equals(array)).findFirst().orElse(null);
        }
    }
}
