package dev.mooring.health.domain;

import java.time.Instant;

/** A node as the replacement choice sees it. */
public record Candidate(String name, NodeRole role, NodeState state, String region, String zone,
                        boolean initiatorsKnown, Instant onlineSince) {
}
