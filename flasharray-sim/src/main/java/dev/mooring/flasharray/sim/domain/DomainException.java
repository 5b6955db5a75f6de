package dev.mooring.flasharray.sim.domain;

/**
 * A request the simulated array refuses. The REST layer turns it into a 400 with
 * {@code {"errors":[{"context":…,"message":…}]}}: FlashArray answers both validation and not-found with 400.
 */
public class DomainException extends RuntimeException {
    private final String context;

    public DomainException(String context, String message) {
        super(message, null, false, false);
        this.context = context;
    }

    /** The name of the object the error is about (FlashArray's {@code context}), or null. */
    public String context() {
        return context;
    }

    public static DomainException notFound(String kind, String name) {
        return new DomainException(name, kind + " does not exist.");
    }
}
