package dev.mooring.provisioner.array;

import java.time.Instant;
import java.util.Map;

/**
 * What the provisioner knows of one configured FlashArray: identity once it answered, or why it could not
 * be registered. Never holds a token (the client does, redacted).
 */
public record RegisteredArray(String endpoint, String name, String id, String purityVersion, Long capacityBytes,
                              Long freeBytes, Status status, String failureReason, String failureMessage,
                              Map<String, String> labels, Instant checkedAt) {

    /** Whether the array answered at its last check. */
    public enum Status { Registered, Failed }

    public boolean registered() {
        return status == Status.Registered;
    }
}
