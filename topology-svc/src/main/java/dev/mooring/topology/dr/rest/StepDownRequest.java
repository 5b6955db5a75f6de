package dev.mooring.topology.dr.rest;

/** The other domain activated itself with {@code epoch} and asks this one to step down. */
public record StepDownRequest(Long epoch, String reason) {
}
