package dev.mooring.topology.dr.rest;

import java.time.Instant;

/** This domain alone: what the other domain reads to decide (its name, state and epoch). */
public record LocalDomainView(String name, String state, long epoch, Instant changedAt, String reason) {
}
