package dev.mooring.events.serde;

/** A message could not be turned into an event; consumers send it to their dead-letter topic. */
public class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
