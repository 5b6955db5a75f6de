package dev.mooring.kit.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a bearer token must be to guard something real: at least {@value #MIN_LENGTH} characters and not a value
 * copied from Mooring's samples or documentation. One rule set for the services' {@code mooring.api.tokens}, the node
 * agent's {@code mooring.agent.services.token} and the simulator's admin token. Messages name the setting and the
 * entry, never the value.
 */
public final class TokenPolicy {

    /** 32 characters: e.g. 16 random bytes in hex, or 24 in base64. */
    public static final int MIN_LENGTH = 32;

    /** How a user makes a good token; said in every refusal. */
    public static final String HOW_TO_GENERATE = "use a long random token of your own, e.g. from `openssl rand -hex 32`";

    /**
     * Values that appear in Mooring's samples, docs and dev/test settings (lower case). The short ones fail the length
     * rule anyway; listing them gives the clearer reason. {@code replace-with-a-long-random-token} (k8s/samples) is
     * exactly 32 characters long.
     */
    private static final Set<String> SAMPLE_VALUES = Set.of(
            "replace-with-a-long-random-token",
            "dev-token",
            "test-token",
            "changeme",
            "change-me",
            "token",
            "secret",
            "password",
            "<token>",
            "00000000-0000-0000-0000-000000000000");

    private TokenPolicy() {
    }

    /** Why this token must not guard anything real, worded to follow "the token"; empty when it is acceptable. */
    public static Optional<String> weakness(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of("is empty");
        }
        if (SAMPLE_VALUES.contains(token.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("is a sample value from Mooring's samples or documentation");
        }
        if (token.strip().length() < MIN_LENGTH) {
            return Optional.of("is shorter than " + MIN_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /**
     * Every token of a setting that holds several (a rotation): at least one, each acceptable.
     *
     * @throws WeakTokenException naming the setting and the entry ("entry 2 of 3") and why, never a token
     */
    public static void requireStrong(String setting, List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            throw new WeakTokenException(setting + " is not set; " + HOW_TO_GENERATE);
        }
        for (int i = 0; i < tokens.size(); i++) {
            String entry = "entry " + (i + 1) + " of " + tokens.size();
            weakness(tokens.get(i)).ifPresent(why -> {
                throw new WeakTokenException(setting + ": " + entry + " " + why + "; " + HOW_TO_GENERATE);
            });
        }
    }

    /**
     * A setting that holds one token.
     *
     * @throws WeakTokenException naming the setting and why, never the token
     */
    public static void requireStrong(String setting, String token) {
        weakness(token).ifPresent(why -> {
            throw new WeakTokenException(setting + " " + why + "; " + HOW_TO_GENERATE);
        });
    }
}
