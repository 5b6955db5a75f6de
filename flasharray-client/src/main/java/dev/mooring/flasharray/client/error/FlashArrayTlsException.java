package dev.mooring.flasharray.client.error;

/** The TLS handshake failed (certificate not trusted, host name mismatch): nothing was sent. Fix the trust configuration. */
public class FlashArrayTlsException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayTlsException(Details details) {
        super(details, Outcome.FINAL);
    }

    public FlashArrayTlsException(Details details, Throwable cause) {
        super(details, Outcome.FINAL, cause);
    }
}
