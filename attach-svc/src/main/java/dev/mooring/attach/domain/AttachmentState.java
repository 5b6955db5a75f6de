package dev.mooring.attach.domain;

/**
 * The life of one attachment (a volume wanted on a node). {@code Requested} → {@code Attaching} →
 * {@code Attached} | {@code Failed}; {@code Detaching} → {@code Detached}. A failed attachment may be requested
 * again; a detached one is finished.
 */
public enum AttachmentState {
    Requested,
    Attaching,
    Attached,
    Failed,
    Detaching,
    Detached;

    /** True while the attachment holds its volume on its node (its connections exist or are being made/removed). */
    public boolean holdsVolume() {
        return this == Attaching || this == Attached || this == Detaching;
    }

    /** True while work on the arrays is pending or under way, so reconciliation must leave its connections alone. */
    public boolean inFlight() {
        return this == Requested || this == Attaching || this == Detaching;
    }

    /** True when a detach may be asked for: anything not already detaching or detached. */
    public boolean detachable() {
        return this != Detaching && this != Detached;
    }

    /** True when the attachment is over and a new request for the same volume and node starts a new one. */
    public boolean finished() {
        return this == Detached;
    }
}
