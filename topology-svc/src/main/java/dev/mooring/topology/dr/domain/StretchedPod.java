package dev.mooring.topology.dr.domain;

import java.util.List;
import java.util.Optional;

/** An ActiveCluster pod and its state on each of its arrays, with the cluster domain each array is in. */
public record StretchedPod(String name, List<Member> arrays) {

    /** The pod on one array: {@code online}, {@code offline}, {@code resyncing}, {@code unknown}… */
    public record Member(String array, String domain, String status, String mediatorStatus, Double progress) {
        public boolean online() {
            return "online".equals(status);
        }
    }

    /** Whether the pod is online on an array of {@code domain}. */
    public boolean onlineIn(String domain) {
        return arrays.stream().anyMatch(m -> domain.equals(m.domain()) && m.online());
    }

    /** Whether the pod is online on every one of its arrays: replication is in sync. */
    public boolean inSync() {
        return !arrays.isEmpty() && arrays.stream().allMatch(Member::online);
    }

    /** Its member on {@code array}, if any. */
    public Optional<Member> on(String array) {
        return arrays.stream().filter(m -> m.array().equals(array)).findFirst();
    }
}
