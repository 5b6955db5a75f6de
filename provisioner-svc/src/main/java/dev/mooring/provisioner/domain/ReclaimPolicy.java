package dev.mooring.provisioner.domain;

/** What deleting a claim does to its volume, as the StorageClass (or later the PV) says. */
public enum ReclaimPolicy {
    /** The array volume is destroyed (recoverable on the array for its eradication delay) and the PV deleted. */
    Delete,
    /** The array volume and the PV are kept; an administrator reclaims them by hand. */
    Retain;

    /** Kubernetes' spelling; anything but {@code Retain} (including none) is Delete, Kubernetes' default. */
    public static ReclaimPolicy of(String policy) {
        return "Retain".equals(policy) ? Retain : Delete;
    }
}
