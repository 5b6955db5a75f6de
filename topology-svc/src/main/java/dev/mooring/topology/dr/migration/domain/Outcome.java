package dev.mooring.topology.dr.migration.domain;

/** How a migration run ended. */
public enum Outcome {
    /** Every object copied, every PVC protected. */
    Successful,
    /** Every object that could be copied was; some PVCs are unprotected (reported, not copied). */
    PartiallySuccessful,
    /** An object could not be written or read; the next run tries again. */
    Failed
}
