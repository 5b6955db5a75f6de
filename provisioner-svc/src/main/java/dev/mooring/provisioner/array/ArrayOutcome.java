package dev.mooring.provisioner.array;

import java.util.List;

/** What an array operation ended in: done (with what the array reports) or refused (with why). */
public sealed interface ArrayOutcome {

    /** The array volume exists (or, for a deletion, is destroyed) on these arrays. */
    record Done(String arrayVolumeName, List<String> arrays, String serial, long sizeBytes) implements ArrayOutcome {
    }

    /** It could not be done; the reason is stable, the message names the array, pod or volume. */
    record Refused(String reason, String message, boolean retryable, List<String> arrays) implements ArrayOutcome {
    }
}
