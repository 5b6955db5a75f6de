package dev.mooring.kit.security;

/** A configured token that {@link TokenPolicy} refuses; the message names the setting, never the token. */
public final class WeakTokenException extends IllegalStateException {

    public WeakTokenException(String message) {
        super(message);
    }
}
