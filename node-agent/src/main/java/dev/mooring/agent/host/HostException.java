package dev.mooring.agent.host;

/** A host action failed (a command's exit code, a device that did not appear in time, an unreadable file). */
public class HostException extends RuntimeException {

    public HostException(String message) {
        super(message);
    }

    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}
