package dev.mooring.events.serde;

/** The bytes are not a single-object-encoded event, or the body does not match its schema. */
public final class MalformedEventException extends EventDecodingException {
    public MalformedEventException(String message) {
        super(message, null);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
