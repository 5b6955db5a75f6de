package dev.mooring.flasharray.client.error;

/** The object has been destroyed (pending eradication) or deleted ("has been destroyed", "Volume has been deleted."). */
public class FlashArrayDestroyedException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayDestroyedException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayDestroyedException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
