package dev.mooring.flasharray.client.error;

/**
 * The name is taken ("already exists", "Connection already exists."): look the object up and compare
 * before treating it as yours. {@link #isConnection()} tells the connection case apart, which callers
 * usually treat as success.
 */
public class FlashArrayAlreadyExistsException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    public FlashArrayAlreadyExistsException(Details details) {
        super(details, Outcome.FINAL);
    }

    /** True for "Connection already exists.": the host (group) and volume are already connected. */
    public boolean isConnection() {
        return arrayMessage().map(m -> m.contains("Connection already exists")).orElse(false);
    }
}
