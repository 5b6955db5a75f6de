package dev.mooring.flasharray.client.error;

/** The array refused the request as invalid (HTTP 400 or 422 with no more specific meaning); see {@link #arrayMessage()} and {@link #arrayContext()}. */
public class FlashArrayBadRequestException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayBadRequestException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayBadRequestException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
