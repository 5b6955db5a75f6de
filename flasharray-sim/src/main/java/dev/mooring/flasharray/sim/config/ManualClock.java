package dev.mooring.flasharray.sim.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told: give it to {@link SimulatorConfig#withClock(Clock)} to test session expiry,
 * resync progress and eradication without waiting. Thread-safe.
 */
public final class ManualClock extends Clock {
    private volatile long millis;

    public ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    public static ManualClock startingNow() {
        return new ManualClock(Instant.now());
    }

    public synchronized void advance(Duration d) {
        millis += d.toMillis();
    }

    public synchronized void set(Instant instant) {
        millis = instant.toEpochMilli();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
