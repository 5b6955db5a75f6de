package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.flasharray.client.RetryPolicy.MutationRetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    @Test
    void defaultsDoubleFromOneSecondCappedAtThirty() {
        RetryPolicy p = RetryPolicy.defaults();
        // u = 0.5 is the middle of the jitter band: exactly the exponential value.
        assertThat(p.backoff(1, () -> 0.5)).isEqualTo(s(1));
        assertThat(p.backoff(2, () -> 0.5)).isEqualTo(s(2));
        assertThat(p.backoff(3, () -> 0.5)).isEqualTo(s(4));
        assertThat(p.backoff(5, () -> 0.5)).isEqualTo(s(16));
        assertThat(p.backoff(6, () -> 0.5)).isEqualTo(s(30));
        assertThat(p.backoff(60, () -> 0.5)).isEqualTo(s(30));
        assertThat(p.backoff(1000, () -> 0.99)).isEqualTo(s(30));
    }

    @Test
    void jitterSpreadsPlusMinusTwentyPercent() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.backoff(3, () -> 0.0)).isEqualTo(s(3.2));
        assertThat(p.backoff(3, () -> 0.999999)).isBetween(s(4.79), s(4.8));
        for (int i = 0; i < 1000; i++) {
            assertThat(p.backoff(2, Math::random)).isBetween(s(1.6), s(2.4));
        }
    }

    @Test
    void millisecondPoliciesForTests() {
        RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
                .jitter(0).build();
        assertThat(p.backoff(1, Math::random)).isEqualTo(Duration.ofMillis(5));
        assertThat(p.backoff(2, Math::random)).isEqualTo(Duration.ofMillis(10));
        assertThat(p.backoff(3, Math::random)).isEqualTo(Duration.ofMillis(20));
        assertThat(p.backoff(4, Math::random)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void rateLimitWaitHonoursArrayButCaps() {
        RetryPolicy p = RetryPolicy.builder().maxRateLimitWait(Duration.ofSeconds(10))
                .defaultRateLimitWait(Duration.ofMillis(500)).build();
        assertThat(p.rateLimitWait(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.rateLimitWait(Duration.ofSeconds(300))).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.rateLimitWait(null)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void mutationRule() {
        assertThat(RetryPolicy.defaults().mutationRetry()).isEqualTo(MutationRetry.SAFE);
        assertThat(RetryPolicy.defaults().mayRetryMutation(true)).isTrue();
        assertThat(RetryPolicy.defaults().mayRetryMutation(false)).isFalse();
        RetryPolicy always = RetryPolicy.defaults().toBuilder().mutationRetry(MutationRetry.ALWAYS).build();
        assertThat(always.mayRetryMutation(false)).isTrue();
        RetryPolicy none = RetryPolicy.none();
        assertThat(none.mayRetryMutation(true)).isFalse();
        assertThat(none.maxRetries()).isZero();
        assertThat(none.maxRateLimitRetries()).isZero();
    }

    @Test
    void validates() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.defaults().backoff(0, Math::random)).isInstanceOf(IllegalArgumentException.class);
    }
}
