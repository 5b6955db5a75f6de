package dev.mooring.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    private static final List<String> ROTATION = List.of("first-token-0123456789abcdef0123456789",
            "second-token-0123456789abcdef012345678", "third-token-0123456789abcdef0123456789");

    @Test
    void anyTokenOfTheRotationIsAcceptedAndNothingElse() {
        BearerTokens tokens = new BearerTokens(ROTATION);

        assertThat(ROTATION).allMatch(tokens::accepts);
        assertThat(tokens.accepts("first-token-0123456789abcdef012345678")).as("a prefix").isFalse();
        assertThat(tokens.accepts("first-token-0123456789abcdef0123456789x")).as("longer").isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
    }

    @Test
    void everyTokenIsComparedEvenWhenTheFirstMatches() {
        AtomicInteger comparisons = new AtomicInteger();
        BearerTokens tokens = new BearerTokens(ROTATION, (a, b) -> {
            comparisons.incrementAndGet();
            return MessageDigest.isEqual(a, b);
        });

        assertThat(tokens.accepts(ROTATION.get(0))).isTrue();
        assertThat(comparisons).hasValue(3);
        assertThat(tokens.accepts(null)).isFalse();
        assertThat(comparisons).as("a missing token is compared like any other").hasValue(6);
    }

    @Test
    void digestsOfEqualLengthAreCompared() {
        AtomicInteger lengths = new AtomicInteger(-1);
        BearerTokens tokens = new BearerTokens(List.of("a-configured-token-of-some-length-0123456789"), (a, b) -> {
            lengths.set(a.length == b.length ? a.length : -2);
            return MessageDigest.isEqual(a, b);
        });

        tokens.accepts("x");
        assertThat(lengths).as("SHA-256 digests: the presented token's length does not change the work").hasValue(32);
    }

    @Test
    void itsTextShowsNoToken() {
        assertThat(new BearerTokens(ROTATION).toString()).isEqualTo("BearerTokens[3 token(s)]");
    }
}
