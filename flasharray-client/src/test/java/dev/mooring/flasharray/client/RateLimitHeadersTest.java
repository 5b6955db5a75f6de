package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static RateLimit parse(Map<String, String> headers) {
        return RateLimitHeaders.parse(headers::get, NOW);
    }

    @Test
    void retryAfterSeconds() {
        RateLimit rl = parse(Map.of("Retry-After", "2", "X-RateLimit-Limit-second", "10",
                "X-RateLimit-Remaining-second", "0", "X-RateLimit-Limit-minute", "600", "X-RateLimit-Remaining-minute", "42"));
        assertThat(rl.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rl.limitPerSecond()).isEqualTo(10);
        assertThat(rl.limitPerMinute()).isEqualTo(600);
        assertThat(rl.remainingSecond()).isZero();
        assertThat(rl.remainingMinute()).isEqualTo(42);
        assertThat(RateLimitHeaders.requestedWait(rl)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterFractionalAndDate() {
        assertThat(parse(Map.of("Retry-After", "0.25")).retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(parse(Map.of("Retry-After", "Wed, 01 Jan 2025 00:00:05 GMT")).retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(Map.of("Retry-After", "Tue, 31 Dec 2024 23:00:00 GMT")).retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void rateLimitResetWhenNoRetryAfter() {
        assertThat(parse(Map.of("RateLimit-Reset", "3")).retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void waitFromRemainingCounters() {
        assertThat(RateLimitHeaders.requestedWait(parse(Map.of("X-RateLimit-Remaining-second", "0"))))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitHeaders.requestedWait(parse(Map.of("X-RateLimit-Remaining-second", "3",
                "X-RateLimit-Remaining-minute", "0")))).isEqualTo(Duration.ofSeconds(60));
        assertThat(RateLimitHeaders.requestedWait(parse(Map.of()))).isNull();
    }

    @Test
    void garbageIsIgnored() {
        RateLimit rl = parse(Map.of("Retry-After", "soon", "X-RateLimit-Limit-second", "many"));
        assertThat(rl.retryAfter()).isNull();
        assertThat(rl.limitPerSecond()).isNull();
        assertThat(parse(Map.of("Retry-After", "-1")).retryAfter()).isNull();
    }
}
