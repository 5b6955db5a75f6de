package dev.mooring.attach.domain;

/** The stable reasons of {@code AttachFailed}, and whether the same request may succeed later unchanged. */
public enum AttachFailureReason {
    /** Another node holds a volume that is not RWX raw block. Retryable: it may be detached there. */
    HeldByAnotherNode(true),
    /** An initiator of the node is on another host of the array. */
    InitiatorInUse(false),
    /** A host with the node's deterministic name exists on the array with somebody else's initiators. */
    HostNameTaken(false),
    /** The node has no IQN or WWN (no annotation, no agent report yet). */
    NoInitiators(true),
    /** Node and array share no protocol (an IQN but no iSCSI ports, a WWN but no FC ports). */
    NoUsablePath(false),
    /** attach-svc has not heard of the volume from the provisioner. */
    VolumeUnknown(true),
    /** The volume was deleted. */
    VolumeDeleted(false),
    /** An array that serves the volume is not in pure.json or not registered. */
    ArrayNotRegistered(true),
    /** The array refused a call (a 4xx other than those above). */
    ArrayRefused(false),
    /**
     * The node was fenced by a takeover after the attachment was asked for: its connections were removed and are
     * never restored. A new attachment (after the node came back) is not affected.
     */
    NodeFenced(false),
    /** The array did not answer, or kept answering 5xx/429, through every attempt. */
    ArrayUnavailable(true);

    private final boolean retryable;

    AttachFailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
