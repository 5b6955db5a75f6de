package dev.mooring.health.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** What a heartbeat or the passing of time changed about a node; each one becomes (at most) one event. */
public sealed interface LivenessChange {

    /** Online → Offline: silent for the grace period. The outage gets its id and its stored takeover deadline. */
    record WentOffline(UUID outageId, Instant lastHeartbeatAt, Instant offlineAt, Instant takeoverDeadlineAt)
            implements LivenessChange {
    }

    /** Offline (or a blocked takeover) → Online before any takeover was decided. */
    record Recovered(UUID outageId, Instant lastHeartbeatAt, Instant recoveredAt) implements LivenessChange {

        public Duration outage() {
            return Duration.between(lastHeartbeatAt, recoveredAt);
        }
    }

    /** Offline → TakeoverPending: the takeover deadline passed; a replacement is to be decided now. */
    record TakeoverDue(UUID outageId, Instant lastHeartbeatAt, Instant deadlineAt) implements LivenessChange {
    }

    /** TakenOver → Online: the node is back after its takeover was decided; it stays storageless, no event. */
    record BackAfterTakeover(UUID outageId, Instant at) implements LivenessChange {
    }

    /** The takeover deadline passed while takeovers were paused: the node stays Offline, its decision waits. */
    record TakeoverHeld(UUID outageId, Instant deadlineAt, Instant heldAt) implements LivenessChange {
    }
}
