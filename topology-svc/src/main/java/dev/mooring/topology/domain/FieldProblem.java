package dev.mooring.topology.domain;

/** One invalid input: the field (or key, or line) as the user named it and why it was refused. */
public record FieldProblem(String field, String reason) {
}
