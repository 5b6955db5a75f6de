package dev.mooring.attach.domain;

/**
 * A cloud drive as attach-svc holds it. {@code Pending} → {@code Attached} | {@code Failed} (its owner's host on
 * its array); a takeover makes it {@code Moving} (the owner is the replacement, the connection is made only once
 * the failed node is fenced) and then {@code Attached} again.
 */
public enum DriveState {
    /** To be connected (e.g. its node's initiators are not known yet). */
    Pending,
    /** Connected to its owner's host. */
    Attached,
    /** Could not be connected; the reason says whether a later attempt may succeed. */
    Failed,
    /** Its takeover has not connected it to the replacement yet. */
    Moving;

    /** Whether reconciliation and recovery should find it connected to its owner's host. */
    public boolean wantedOnOwner() {
        return this == Attached;
    }
}
