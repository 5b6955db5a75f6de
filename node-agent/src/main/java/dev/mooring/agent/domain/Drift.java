package dev.mooring.agent.domain;

/** A difference between what the node should have and what it has, and what the agent does about it. */
public record Drift(Kind kind, String subject, String detail) {

    /** The kinds of drift, each with its remedy. */
    public enum Kind {
        /** An iSCSI session an attached volume needs is gone: log in again. */
        SESSION_DROPPED,
        /** A map of a volume no longer attached here, not in use: flush and remove it. */
        GHOST_MAP,
        /** A map of a volume no longer attached here but still mounted (fenced): fail its I/O, never hang. */
        FENCED_MAP,
        /** A map has fewer working paths than the attachment has: report (multipathd reinstates paths). */
        PATHS_DEGRADED,
        /** A map reported degraded has all its paths again (a connection restored): report, so the warning is closed. */
        PATHS_RESTORED
    }

    /** The reason of the Kubernetes Event and the metric's tag. */
    public String reason() {
        return switch (kind) {
            case SESSION_DROPPED -> "IscsiSessionRestored";
            case GHOST_MAP -> "GhostDeviceRemoved";
            case FENCED_MAP -> "FencedDeviceFailed";
            case PATHS_DEGRADED -> "PathsDegraded";
            case PATHS_RESTORED -> "PathsRestored";
        };
    }
}
