package dev.mooring.kit.deadletter;

import dev.mooring.kit.messaging.PoisonEventException;
import java.time.DateTimeException;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;

/**
 * The one rule for what a failure means. <em>Poison</em>: the work can never succeed as it is — an event or job
 * that contradicts itself or the service's rules ({@link PoisonEventException}), or that a handler rejects as
 * invalid (an id that is not a UUID, an unknown enum value, a missing field). Anything else is <em>transient</em>
 * (a database, broker or array briefly away) and is retried — until it has failed the same way too often, which
 * makes it poison too.
 */
public final class Failures {

    private Failures() {
    }

    /** Whether {@code failure} (or a cause of it) says the input itself is bad. */
    public static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonEventException || t instanceof IllegalArgumentException
                    || t instanceof NullPointerException || t instanceof ClassCastException
                    || t instanceof DateTimeException || t instanceof AvroRuntimeException
                    || t instanceof UnsupportedOperationException) {
                return true;
            }
        }
        return false;
    }

    /** A short, stable description: the class and message of the innermost cause that has a message. */
    public static String describe(Throwable failure) {
        Throwable described = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                described = t;
            }
        }
        String message = Objects.requireNonNullElse(described.getMessage(), "");
        String text = described.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }
}
