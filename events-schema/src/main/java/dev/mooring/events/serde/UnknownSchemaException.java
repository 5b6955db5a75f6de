package dev.mooring.events.serde;

/** The message was written with a schema this build does not know (a newer producer, or a foreign one). */
public final class UnknownSchemaException extends EventDecodingException {
    private final long fingerprint;

    public UnknownSchemaException(long fingerprint) {
        super("Unknown writer schema fingerprint " + Long.toHexString(fingerprint), null);
        this.fingerprint = fingerprint;
    }

    public long fingerprint() {
        return fingerprint;
    }
}
