package dev.mooring.flasharray.client.error;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HTTP 429: the array's rate limit was hit and the client's bounded waits did not get the call through.
 * The request was not applied; it may be sent again after {@link #retryAfter()}.
 */
public class FlashArrayRateLimitedException extends FlashArrayException {

    private static final long serialVersionUID = 1L;

    private final RateLimit rateLimit;

    public FlashArrayRateLimitedException(Details details, RateLimit rateLimit) {
        super(details, Outcome.NOT_APPLIED_RETRYABLE);
        this.rateLimit = rateLimit == null ? RateLimit.NONE : rateLimit;
    }

    /** The rate-limit headers of the last 429. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    /** How long the array asked to wait ({@code Retry-After} or {@code RateLimit-Reset}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(rateLimit.retryAfter());
    }

    /**
     * The rate-limit headers of a 429 response. Every value is optional.
     *
     * @param retryAfter        {@code Retry-After} (or {@code RateLimit-Reset}) as a duration
     * @param limitPerSecond    {@code X-RateLimit-Limit-second}
     * @param limitPerMinute    {@code X-RateLimit-Limit-minute}
     * @param remainingSecond   {@code X-RateLimit-Remaining-second}
     * @param remainingMinute   {@code X-RateLimit-Remaining-minute}
     */
    public record RateLimit(Duration retryAfter, Long limitPerSecond, Long limitPerMinute,
                            Long remainingSecond, Long remainingMinute) {

        public static final RateLimit NONE = new RateLimit(null, null, null, null, null);

        public OptionalLong remainingPerSecond() {
            return remainingSecond == null ? OptionalLong.empty() : OptionalLong.of(remainingSecond);
        }

        public OptionalLong remainingPerMinute() {
            return remainingMinute == null ? OptionalLong.empty() : OptionalLong.of(remainingMinute);
        }
    }
}
