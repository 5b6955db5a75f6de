package dev.mooring.flasharray.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A FlashArray API token (a UUID, from {@code pure.json} {@code APIToken}). Its value never appears in
 * {@link #toString()}, a log line or an exception message: {@code ApiToken[****]}.
 */
public final class ApiToken {

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    /** Wraps a token; it must be non-blank and contain no control characters or whitespace. */
    public static ApiToken of(String value) {
        Objects.requireNonNull(value, "API token");
        if (value.isBlank()) {
            throw new IllegalArgumentException("API token must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                // Do not echo the value: it is a secret even when malformed.
                throw new IllegalArgumentException("API token must not contain whitespace or control characters");
            }
        }
        return new ApiToken(value);
    }

    /** The secret itself, for the {@code api-token} header only. Never log or print it. */
    String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken t && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), t.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0x5ec7e7; // constant: a hash of a secret is a hint about the secret
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
