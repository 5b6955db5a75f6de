package dev.mooring.provisioner.domain;

/** Where a volume is in its life, as users see it in the REST API. */
public enum VolumeState {
    /** Requested; the array volume is being created. */
    Pending,
    /** The array volume exists. */
    Ready,
    /** It could not be provisioned; the failure says why. */
    Failed,
    /**
     * Its claim was deleted and the reclaim policy is Retain: the array volume (and its PV) are kept until an
     * administrator deletes them.
     */
    Released,
    /** Deletion was requested; the array volume is being destroyed. */
    Deleting,
    /** Destroyed on the array (recoverable there for the array's eradication delay). */
    Deleted
}
