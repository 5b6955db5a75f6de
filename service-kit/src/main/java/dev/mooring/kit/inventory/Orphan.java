package dev.mooring.kit.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An object on the arrays, under Mooring's naming, that the service's state does not account for: where it is, why
 * it is an orphan, since when, and what is planned or was done ({@code action}: {@link #REPORT_ONLY}, {@link
 * #CLEAN_UP_AFTER_GRACE}, {@link #KEPT_AFTER_RECOVERY}, or the last clean-up's outcome). {@code due}: its grace is over
 * and it is to be cleaned up now.
 */
public record Orphan(OrphanKey key, List<String> arrays, String reason, String message, Instant firstSeen,
                     Duration age, String action, Instant cleanUpAfter, boolean due, boolean firstFound) {

    /** Report-only: nothing will be done. */
    public static final String REPORT_ONLY = "ReportOnly";
    /** Planned: cleaned up at {@code cleanUpAfter}, if it is still an orphan then. */
    public static final String CLEAN_UP_AFTER_GRACE = "CleanUpAfterGrace";
    /** Cleaned up once and then back (recovered on the array by someone): reported, never cleaned up again. */
    public static final String KEPT_AFTER_RECOVERY = "KeptAfterRecovery";
    /** Being cleaned up by an instance now. */
    public static final String CLEANING_UP = "CleaningUp";
    /** The last clean-up failed; tried again on the next run. */
    public static final String CLEANUP_FAILED = "CleanupFailed";

    public Orphan {
        arrays = List.copyOf(arrays);
    }

    public String kind() {
        return key.kind();
    }

    public String name() {
        return key.name();
    }

    /** One object seen through several arrays, cleaned up once through any of them. */
    public boolean shared() {
        return OrphanKey.SHARED.equals(key.location());
    }
}
