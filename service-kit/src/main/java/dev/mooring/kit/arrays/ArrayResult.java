package dev.mooring.kit.arrays;

import dev.mooring.flasharray.client.error.FlashArrayException;

/**
 * How an array operation ended, in the terms a caller decides on: {@link Done} (this call did it, or it was so
 * already — an object of our name exists, a connection is there), {@link Refused} (the array answered and will not:
 * final, a 4xx), or {@link Unavailable} (the attempts ran out on failures that may pass: timeouts, 5xx, 429). An
 * unavailable operation that may have happened names it, so the caller keeps its intent instead of trying elsewhere.
 */
public sealed interface ArrayResult<T> {

    /** The stable reason of an operation that ran out of attempts. */
    String UNAVAILABLE = "ArrayUnavailable";

    record Done<T>(T value, boolean alreadySo) implements ArrayResult<T> {
    }

    record Refused<T>(FlashArrayException cause, String message) implements ArrayResult<T> {
    }

    record Unavailable<T>(String message, boolean mayHaveHappened, int attempts) implements ArrayResult<T> {
        public String reason() {
            return UNAVAILABLE;
        }
    }

    default boolean done() {
        return this instanceof Done;
    }
}
