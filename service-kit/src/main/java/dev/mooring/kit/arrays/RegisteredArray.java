package dev.mooring.kit.arrays;

import java.time.Instant;
import java.util.Map;

/**
 * What a service knows of one configured FlashArray: its identity once it answered, or why it could not
 * be registered. {@code entry} names it as messages do ({@code FlashArrays[i] (endpoint)}). Never holds a
 * token (the client does, redacted).
 */
public record RegisteredArray(String entry, String endpoint, String name, String id, String purityVersion, Long capacityBytes,
                              Long freeBytes, Status status, String failureReason, String failureMessage,
                              Map<String, String> labels, Instant checkedAt) {

    /** Whether the array answered at its last check. */
    public enum Status { Registered, Failed }

    public boolean registered() {
        return status == Status.Registered;
    }

    /** The array's name once known, else its endpoint. */
    public String displayName() {
        return name != null ? name : endpoint;
    }

    RegisteredArray withSpace(Long capacity, long free) {
        return new RegisteredArray(entry, endpoint, name, id, purityVersion, capacity, free, status, failureReason,
                failureMessage, labels, checkedAt);
    }

    static RegisteredArray pending(PureJson.FlashArrayEntry entry) {
        return failed(entry, "NotYetChecked", entry.describe() + " has not answered yet");
    }

    static RegisteredArray failed(PureJson.FlashArrayEntry entry, String reason, String message) {
        return new RegisteredArray(entry.describe(), entry.mgmtEndPoint(), null, null, null, null, null, Status.Failed,
                reason, message,
                entry.labels(), Instant.now());
    }
}
