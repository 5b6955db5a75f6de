package dev.mooring.health.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Instants (domain, events) to stored timestamps and back, at the millisecond the events carry. */
public final class Times {

    private Times() {
    }

    public static OffsetDateTime stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
