package dev.mooring.flasharray.client.error;

/** The array (or a gateway in front of it) refused the call for this user (HTTP 403). */
public class FlashArrayForbiddenException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayForbiddenException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayForbiddenException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
