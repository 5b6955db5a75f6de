package dev.mooring.topology.dr.migration.domain;

/** The stages of a migration run, in order, and the reason of the Kubernetes Event each records. */
public enum Stage {
    Volumes("MigrationVolumes"),
    Applications("MigrationApplications"),
    Final("MigrationFinal");

    /** Reason of the Event recorded when a run fails. */
    public static final String FAILED_REASON = "MigrationFailed";

    private final String reason;

    Stage(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
