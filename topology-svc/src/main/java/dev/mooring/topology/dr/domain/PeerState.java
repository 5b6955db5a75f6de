package dev.mooring.topology.dr.domain;

import java.time.Instant;

/** The other domain as it answered: its own name, state and epoch, when and why it last changed. */
public record PeerState(String name, DomainState state, long epoch, Instant changedAt, String reason) {
}
