package dev.mooring.flasharray.client.error;

/** The array does not offer what was asked: no common REST version, a call that needs a newer REST version than negotiated, or HTTP 404 (unknown path or version). */
public class FlashArrayUnsupportedException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayUnsupportedException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayUnsupportedException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
