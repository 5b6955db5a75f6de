package dev.mooring.console.model;

import java.time.Instant;

/**
 * One takeover of a failed node and the time of each phase it reached (null: not reached). {@code offlineSince} is
 * when the node was declared Offline, known while that outage is the node's current one.
 */
public record TakeoverInfo(String id, String failedNode, String status, String replacementNode, String zone,
                           Instant lastHeartbeatAt, Instant offlineSince, Instant deadlineAt,
                           Instant blockedAt, String blockedReason, String blockedMessage,
                           Instant decidedAt, Instant fencingFailedAt, String fencingFailureReason, Instant fencedAt,
                           Instant drivesMovedAt, Instant identityTransferredAt, Instant completedAt,
                           Instant abandonedAt) {

    /** The same takeover with the time its node went Offline. */
    public TakeoverInfo withOfflineSince(Instant since) {
        return new TakeoverInfo(id, failedNode, status, replacementNode, zone, lastHeartbeatAt, since, deadlineAt,
                blockedAt, blockedReason, blockedMessage, decidedAt, fencingFailedAt, fencingFailureReason, fencedAt,
                drivesMovedAt, identityTransferredAt, completedAt, abandonedAt);
    }
}
