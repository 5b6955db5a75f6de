package dev.mooring.topology.dr.migration.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a MigrationSchedule's {@code spec.interval}: Kubernetes-style durations such as {@code 90s}, {@code 5m}, {@code 1h30m}. */
public final class Intervals {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(h|ms|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(h|ms|m|s)");

    private Intervals() {
    }

    /** The duration, or empty when {@code text} is no positive duration of that form. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        return total.isZero() ? Optional.empty() : Optional.of(total);
    }
}
