package dev.mooring.agent.domain;

/**
 * A CSI call that cannot be done, with the gRPC code the CSI specification names for the condition and a message a
 * person can act on (it names the field or the object). The gRPC layer turns it into a status; nothing else does.
 */
public final class CsiError extends RuntimeException {

    /** The gRPC status codes the CSI node service returns. */
    public enum Code {
        INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, RESOURCE_EXHAUSTED,
        DEADLINE_EXCEEDED, UNAVAILABLE, INTERNAL
    }

    private final Code code;

    public CsiError(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** A required field is missing or malformed. */
    public static CsiError invalid(String field, String reason) {
        return new CsiError(Code.INVALID_ARGUMENT, field + " " + reason);
    }

    public static CsiError notFound(String message) {
        return new CsiError(Code.NOT_FOUND, message);
    }

    public static CsiError alreadyExists(String message) {
        return new CsiError(Code.ALREADY_EXISTS, message);
    }

    public static CsiError failedPrecondition(String message) {
        return new CsiError(Code.FAILED_PRECONDITION, message);
    }

    public static CsiError aborted(String message) {
        return new CsiError(Code.ABORTED, message);
    }

    public static CsiError internal(String message) {
        return new CsiError(Code.INTERNAL, message);
    }

    public static CsiError deadlineExceeded(String message) {
        return new CsiError(Code.DEADLINE_EXCEEDED, message);
    }
}
