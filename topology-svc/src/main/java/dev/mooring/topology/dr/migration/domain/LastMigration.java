package dev.mooring.topology.dr.migration.domain;

import java.time.Instant;

/** The last migration that completed into a namespace: from which domain, which run, when it finished. */
public record LastMigration(String domain, String run, Instant finishedAt) {
}
