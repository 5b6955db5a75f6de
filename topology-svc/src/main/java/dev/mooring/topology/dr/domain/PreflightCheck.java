package dev.mooring.topology.dr.domain;

/** One pre-flight check of a failover: its name, whether it passed, and what it saw. */
public record PreflightCheck(String name, boolean passed, String detail) {
}
