package dev.mooring.ctl.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call that did not give what was asked, with a one-line reason that names what to fix (the service, the setting, the
 * object). {@code kind} tells a caller (and the exit code) what happened.
 */
public class ApiException extends RuntimeException {

    /** What went wrong. */
    public enum Kind { UNREACHABLE, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, REFUSED, SERVER_ERROR, NOT_CONFIGURED }

    private final Kind kind;
    private final int status;
    private final JsonNode problem;

    public ApiException(Kind kind, int status, String message) {
        this(kind, status, message, null);
    }

    /** With the service's problem+json, when a caller needs more of it than the detail (e.g. a failover's checks). */
    public ApiException(Kind kind, int status, String message, JsonNode problem) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.problem = problem;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The answer's problem+json as the service sent it; null when there was none or it was not JSON. */
    public JsonNode problem() {
        return problem;
    }
}
