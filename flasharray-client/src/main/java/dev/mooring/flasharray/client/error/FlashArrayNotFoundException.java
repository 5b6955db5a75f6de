package dev.mooring.flasharray.client.error;

/** The named object does not exist ("does not exist", "Connection does not exist.", "No such volume or snapshot.", "could not be found", "is not connected"). A delete that fails this way has, in effect, already happened. */
public class FlashArrayNotFoundException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayNotFoundException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayNotFoundException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
