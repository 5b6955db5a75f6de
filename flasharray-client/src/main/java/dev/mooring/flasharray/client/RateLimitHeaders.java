package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** Reads the rate-limit headers of a 429 and decides how long to wait. */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    /**
     * Parses {@code Retry-After} (delta seconds, possibly fractional, or an HTTP date),
     * {@code RateLimit-Reset} (delta seconds) and {@code X-RateLimit-{Limit,Remaining}-{second,minute}}.
     */
    static RateLimit parse(Function<String, String> header, Instant now) {
        Duration retryAfter = parseRetryAfter(header.apply("Retry-After"), now);
        if (retryAfter == null) {
            retryAfter = parseSeconds(header.apply("RateLimit-Reset"));
        }
        return new RateLimit(retryAfter,
                parseLong(header.apply("X-RateLimit-Limit-second")),
                parseLong(header.apply("X-RateLimit-Limit-minute")),
                parseLong(header.apply("X-RateLimit-Remaining-second")),
                parseLong(header.apply("X-RateLimit-Remaining-minute")));
    }

    /**
     * How long the array asked us to wait: {@code Retry-After}/{@code RateLimit-Reset} when given; else one
     * second when the per-second budget is spent; else until the next minute window when the per-minute
     * budget is spent (60 s at most); else null (the policy's default applies).
     */
    static Duration requestedWait(RateLimit rl) {
        if (rl.retryAfter() != null) {
            return rl.retryAfter();
        }
        if (rl.remainingSecond() != null && rl.remainingSecond() <= 0) {
            return Duration.ofSeconds(1);
        }
        if (rl.remainingMinute() != null && rl.remainingMinute() <= 0) {
            return Duration.ofSeconds(60);
        }
        return null;
    }

    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration seconds = parseSeconds(value);
        if (seconds != null) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration parseSeconds(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (!v.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
            return null;
        }
        return Duration.ofNanos((long) (Double.parseDouble(v) * 1_000_000_000L));
    }

    private static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
