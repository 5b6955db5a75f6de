package dev.mooring.health.domain;

/** Where a node stands in the liveness state machine ({@link NodeLiveness}). */
public enum NodeState {
    /** Known from events only (topology, role); no heartbeat seen yet, so no deadline runs. */
    Unknown,
    /** Heartbeats arrive; the node goes Offline once none came for the grace period. */
    Online,
    /** No heartbeat for the grace period; back before the takeover deadline means recovered. */
    Offline,
    /** The takeover deadline passed and no replacement could be chosen yet (blocked; retried). */
    TakeoverPending,
    /** A replacement was decided: the node's drives and identity go to it; if the node returns it is storageless. */
    TakenOver
}
