package dev.mooring.provisioner.domain;

/** One invalid input: the field as the user named it and why it was refused. */
public record FieldProblem(String field, String reason) {
}
