package dev.mooring.topology.dr.migration.domain;

import java.time.Instant;
import java.util.List;

/**
 * What one migration run did: its id, when it ran, the last stage it reached, its outcome, how many objects it
 * wrote or found already up to date ({@code objects}), the PVCs it left out and a message for the user.
 */
public record MigrationResult(String id, Instant startedAt, Instant finishedAt, Stage stage, Outcome outcome,
                              int objects, List<UnprotectedClaim> unprotected, String message) {

    public MigrationResult {
        unprotected = List.copyOf(unprotected);
    }

    /** Whether the target holds this run's copy (the Final stage was written). */
    public boolean completed() {
        return outcome != Outcome.Failed;
    }
}
