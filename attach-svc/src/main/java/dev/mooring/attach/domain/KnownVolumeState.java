package dev.mooring.attach.domain;

/** What attach-svc knows of a volume's life: provisioned (it may be attached) or deleted (never again). */
public enum KnownVolumeState {
    Provisioned,
    Deleted;

    /**
     * The state after a {@code VolumeProvisioned}. A deleted volume stays deleted: the provisioner never
     * reuses a volume id, so a provisioned fact that arrives after the deletion is an old one.
     */
    public static KnownVolumeState afterProvisioned(KnownVolumeState current) {
        return current == Deleted ? Deleted : Provisioned;
    }

    /** The state after a {@code VolumeDeleted}, whatever was known before (or if nothing was). */
    public static KnownVolumeState afterDeleted(KnownVolumeState current) {
        return Deleted;
    }
}
