package dev.mooring.flasharray.client.error;

/** The object or initiator is held by something else ("already in use", "already belongs to", "cannot be deleted due to existing connections"). */
public class FlashArrayInUseException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayInUseException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayInUseException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
