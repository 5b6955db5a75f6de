package dev.mooring.attach.array;

import dev.mooring.attach.domain.AttachFailureReason;

/** An array step that ended without success: why (a stable reason) and a message naming array, host and volume. */
public class ArrayStepException extends RuntimeException {

    private final AttachFailureReason reason;

    public ArrayStepException(AttachFailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AttachFailureReason reason() {
        return reason;
    }
}
