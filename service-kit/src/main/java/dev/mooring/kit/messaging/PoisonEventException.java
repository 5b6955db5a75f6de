package dev.mooring.kit.messaging;

/**
 * An event that can never be processed (its content contradicts itself or the service's rules). It goes
 * to the dead-letter topic with this message as the reason; any other failure is retried.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
