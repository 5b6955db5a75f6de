package dev.mooring.topology.dr.rest;

/** {@code failedDomain}: the domain whose applications this one takes over; {@code dryRun}: only show the plan. */
public record FailoverRequest(String failedDomain, Boolean dryRun, Boolean force) {
}
