package dev.mooring.kit.background;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Doubling waits between an initial and a maximum, with ±20 % jitter so retries of many keys spread out. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before retry number {@code failures} (1 = after the first failure). */
    public Duration after(int failures) {
        long base = initial.toMillis();
        for (int i = 1; i < failures && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
    }
}
