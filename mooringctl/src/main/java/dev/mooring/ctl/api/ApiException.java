package dev.mooring.ctl.api;

/**
 * A call that did not give what was asked, with a one-line reason that names what to fix (the service, the setting, the
 * object). {@code kind} tells a caller (and the exit code) what happened.
 */
public class ApiException extends RuntimeException {

    /** What went wrong. */
    public enum Kind { UNREACHABLE, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, REFUSED, SERVER_ERROR, NOT_CONFIGURED }

    private final Kind kind;
    private final int status;

    public ApiException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
