package dev.mooring.flasharray.client.error;

/**
 * The array could not be reached or did not complete the call: HTTP 5xx (including "Server is busy"),
 * a timeout, a connection refused or reset. Check {@link #outcome()}: a refused connection is
 * {@link Outcome#NOT_APPLIED_RETRYABLE}; everything else is {@link Outcome#MAY_HAVE_HAPPENED}.
 */
public class FlashArrayUnavailableException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayUnavailableException(Details details, Outcome outcome) {
        super(details, outcome);
    }

    public FlashArrayUnavailableException(Details details, Outcome outcome, Throwable cause) {
        super(details, outcome, cause);
    }
}
