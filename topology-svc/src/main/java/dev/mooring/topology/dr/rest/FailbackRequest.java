package dev.mooring.topology.dr.rest;

/** {@code domain}: the domain the applications go back to (the one that failed over to this one). */
public record FailbackRequest(String domain) {
}
