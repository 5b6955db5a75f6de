package dev.mooring.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The tokens that open something, checked so that the time an answer takes tells nothing: the presented token is
 * compared with every configured token, the whole list each time (no early exit on a match), and as SHA-256 digests,
 * so that neither how much of a token matched nor how long it is shows. Holds digests only, never the tokens.
 */
public final class BearerTokens {

    private final List<byte[]> digests;
    private final BiPredicate<byte[], byte[]> equal;

    public BearerTokens(Collection<String> tokens) {
        this(tokens, MessageDigest::isEqual);
    }

    /** With the comparison given: a test counts the comparisons. */
    BearerTokens(Collection<String> tokens, BiPredicate<byte[], byte[]> equal) {
        this.digests = tokens.stream().map(BearerTokens::digest).toList();
        this.equal = equal;
    }

    /** Whether {@code presented} is one of the tokens (false for null). */
    public boolean accepts(String presented) {
        // A missing token is hashed and compared like any other: refusing it early would show in the time.
        byte[] candidate = digest(presented == null ? "" : presented);
        boolean accepted = false;
        for (byte[] digest : digests) {
            accepted |= equal.test(digest, candidate);
        }
        return accepted && presented != null;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    @Override
    public String toString() {
        return "BearerTokens[" + digests.size() + " token(s)]";
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
