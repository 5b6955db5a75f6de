package dev.mooring.health.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The two timers of the two-minute rule, both counted from the last heartbeat: {@code gracePeriod} until a
 * silent node is Offline, {@code takeoverAfter} until a storage node that stayed away is taken over.
 */
public record LivenessPolicy(Duration gracePeriod, Duration takeoverAfter) {

    public LivenessPolicy {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(takeoverAfter, "takeoverAfter");
        if (gracePeriod.isNegative() || gracePeriod.isZero()) {
            throw new IllegalArgumentException("grace period must be positive, was " + gracePeriod);
        }
        if (takeoverAfter.compareTo(gracePeriod) <= 0) {
            throw new IllegalArgumentException("takeover-after (" + takeoverAfter
                    + ") must be longer than the grace period (" + gracePeriod + ")");
        }
    }

    /** Kubernetes' node-monitor grace (40 s) and Portworx's two minutes. */
    public static LivenessPolicy defaults() {
        return new LivenessPolicy(Duration.ofSeconds(40), Duration.ofSeconds(120));
    }
}
