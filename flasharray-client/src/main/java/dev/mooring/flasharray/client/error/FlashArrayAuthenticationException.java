package dev.mooring.flasharray.client.error;

/** The array refused the API token at login, or refused the session twice in a row (HTTP 401). */
public class FlashArrayAuthenticationException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayAuthenticationException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayAuthenticationException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
