package dev.mooring.kit.rest;

import java.util.List;

/** Thrown by REST resources and use cases to answer with a problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 for invalid input: each field with its reason; the detail summarises them. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).reason()
                : errors.size() + " fields are invalid: " + String.join("; ",
                        errors.stream().map(e -> e.field() + ": " + e.reason()).toList());
        return new ProblemException(new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400,
                detail, null, List.copyOf(errors)));
    }

    public static ProblemException invalid(String field, String reason) {
        return invalid(List.of(new Problem.FieldError(field, reason)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", what));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }
}
