package dev.mooring.attach.domain;

import java.util.Optional;

/**
 * The state of an attached volume's path through one array of an ActiveCluster pod, following the pod's status on
 * that array: {@code offline} or {@code unknown} → down; {@code resyncing} → down (the array is catching up and does
 * not serve yet); {@code online} → up. A change is reported once: a status that leaves the state as it is reports
 * nothing (the reason may still be updated).
 */
public final class PathTransition {

    private PathTransition() {
    }

    public enum State { up, down }

    /** Where a pod status takes a path, and why. */
    public record Target(State state, String reason) {
    }

    /** The state and reason a pod status means; empty for a status this does not know (left as it is). */
    public static Optional<Target> target(String podStatus) {
        if (podStatus == null) {
            return Optional.empty();
        }
        return switch (podStatus) {
            case "online" -> Optional.of(new Target(State.up, "ArrayOnline"));
            case "offline" -> Optional.of(new Target(State.down, "ArrayOffline"));
            case "resyncing" -> Optional.of(new Target(State.down, "ArrayResyncing"));
            case "unknown" -> Optional.of(new Target(State.down, "ArrayStatusUnknown"));
            default -> Optional.empty();
        };
    }

    /** The change to report when the path is {@code current} and the pod's status becomes {@code podStatus}. */
    public static Optional<Target> change(State current, String podStatus) {
        return target(podStatus).filter(t -> t.state() != current);
    }

    /** A path's state before any path event: what the pod's last known status on the array means (up when none). */
    public static State initial(String lastPodStatus) {
        return target(lastPodStatus).map(Target::state).orElse(State.up);
    }
}
