package dev.mooring.provisioner.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads storage settings from text (configuration properties or a ConfigMap's data): each given key replaces
 * the base's value; a value that does not parse, or settings that contradict each other, reject the whole
 * set with one problem per key, so a half-applied configuration never exists.
 */
public final class StorageSettingsParser {

    public static final String DRIVE_SPECS = "driveSpecs";
    public static final String MAX_STORAGE_NODES_PER_ZONE = "maxStorageNodesPerZone";
    public static final String EXPANSION_THRESHOLD_PERCENT = "expansionThresholdPercent";
    public static final String MAX_DRIVES_PER_NODE = "maxDrivesPerNode";
    public static final String MAX_DRIVE_SIZE_GIB = "maxDriveSizeGiB";
    public static final String EXPANSION_MODE = "expansionMode";
    public static final Set<String> KEYS = Set.of(DRIVE_SPECS, MAX_STORAGE_NODES_PER_ZONE,
            EXPANSION_THRESHOLD_PERCENT, MAX_DRIVES_PER_NODE, MAX_DRIVE_SIZE_GIB, EXPANSION_MODE);

    /** FlashArray's largest volume: 4 PiB. */
    private static final long MAX_VOLUME_GIB = 4L * 1024 * 1024;

    /** One key that was refused, and why, in words an operator acts on. */
    public record Problem(String key, String reason) {
        @Override
        public String toString() {
            return key + ": " + reason;
        }
    }

    /** The outcome: settings, or the problems that refused them. */
    public sealed interface Result {
    }

    public record Parsed(StorageSettings settings) implements Result {
    }

    public record Rejected(List<Problem> problems) implements Result {
        public String message() {
            return String.join("; ", problems.stream().map(Problem::toString).toList());
        }
    }

    private StorageSettingsParser() {
    }

    /** The built-in defaults: one 150 GiB drive, every node a storage node, grow at 80 %. */
    public static StorageSettings defaults() {
        return new StorageSettings(List.of(150 * StorageSettings.GIB), OptionalInt.empty(), 80, 8,
                2048 * StorageSettings.GIB, StorageSettings.ExpansionMode.grow);
    }

    /** {@code values} over {@code base}; unknown keys are refused (a typo would otherwise be silently ignored). */
    public static Result parse(Map<String, String> values, StorageSettings base) {
        List<Problem> problems = new ArrayList<>();
        values.keySet().stream().filter(key -> !KEYS.contains(key)).sorted().forEach(key -> problems.add(
                new Problem(key, "unknown key; known keys are " + KEYS.stream().sorted().toList())));
        List<Long> drives = base.driveSizesBytes();
        OptionalInt maxPerZone = base.maxStorageNodesPerZone();
        int threshold = base.expansionThresholdPercent();
        int maxDrives = base.maxDrivesPerNode();
        long maxDriveSize = base.maxDriveSizeBytes();
        StorageSettings.ExpansionMode mode = base.expansionMode();
        try {
            if (values.containsKey(DRIVE_SPECS)) {
                drives = driveSpecs(values.get(DRIVE_SPECS));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(DRIVE_SPECS, e.getMessage()));
        }
        if (values.containsKey(MAX_STORAGE_NODES_PER_ZONE)) {
            String text = trim(values.get(MAX_STORAGE_NODES_PER_ZONE));
            if (text.isEmpty() || text.equalsIgnoreCase("unlimited")) {
                maxPerZone = OptionalInt.empty();
            } else {
                Integer n = integer(text, 1, Integer.MAX_VALUE, MAX_STORAGE_NODES_PER_ZONE,
                        "a positive whole number, or empty (or 'unlimited') for every node of the zone", problems);
                if (n != null) {
                    maxPerZone = OptionalInt.of(n);
                }
            }
        }
        if (values.containsKey(EXPANSION_THRESHOLD_PERCENT)) {
            Integer n = integer(trim(values.get(EXPANSION_THRESHOLD_PERCENT)).replaceAll("%$", ""), 1, 99,
                    EXPANSION_THRESHOLD_PERCENT, "a whole number of percent between 1 and 99", problems);
            if (n != null) {
                threshold = n;
            }
        }
        if (values.containsKey(MAX_DRIVES_PER_NODE)) {
            Integer n = integer(trim(values.get(MAX_DRIVES_PER_NODE)), 1, 64, MAX_DRIVES_PER_NODE,
                    "a whole number between 1 and 64", problems);
            if (n != null) {
                maxDrives = n;
            }
        }
        if (values.containsKey(MAX_DRIVE_SIZE_GIB)) {
            Integer n = integer(trim(values.get(MAX_DRIVE_SIZE_GIB)), 1, (int) MAX_VOLUME_GIB, MAX_DRIVE_SIZE_GIB,
                    "a whole number of GiB between 1 and " + MAX_VOLUME_GIB, problems);
            if (n != null) {
                maxDriveSize = n * StorageSettings.GIB;
            }
        }
        if (values.containsKey(EXPANSION_MODE)) {
            String text = trim(values.get(EXPANSION_MODE)).toLowerCase(Locale.ROOT);
            try {
                mode = StorageSettings.ExpansionMode.valueOf(text);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(EXPANSION_MODE, "'" + text + "' is not a mode; use grow (resize the drives,"
                        + " preferred) or add (add a drive)"));
            }
        }
        if (problems.isEmpty()) {
            // Only settings that parsed are compared: one root cause is reported once, at its key.
            if (drives.size() > maxDrives) {
                problems.add(new Problem(MAX_DRIVES_PER_NODE, maxDrives + " is fewer than the " + drives.size()
                        + " drives " + DRIVE_SPECS + " gives each storage node"));
            }
            long largest = drives.stream().mapToLong(Long::longValue).max().orElse(0);
            if (largest > maxDriveSize) {
                problems.add(new Problem(MAX_DRIVE_SIZE_GIB, maxDriveSize / StorageSettings.GIB + " GiB is smaller"
                        + " than a drive of " + DRIVE_SPECS + " (" + largest / StorageSettings.GIB + " GiB)"));
            }
        }
        if (!problems.isEmpty()) {
            return new Rejected(List.copyOf(problems));
        }
        return new Parsed(new StorageSettings(drives, maxPerZone, threshold, maxDrives, maxDriveSize, mode));
    }

    /**
     * {@code size=150,size=150}: one spec per drive, separated by commas, semicolons or new lines; each spec
     * is {@code size=<GiB>} (as in Portworx's cloud drive specs; other keys of those specs mean nothing on
     * FlashArray and are refused rather than ignored).
     */
    static List<Long> driveSpecs(String text) {
        String value = trim(text);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("is empty; give at least one drive, e.g. size=150");
        }
        List<Long> sizes = new ArrayList<>();
        String[] specs = value.split("[,;\\n]");
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i].trim();
            String where = "drive " + (i + 1) + " ('" + spec + "')";
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + " is not key=value; write size=<GiB>, e.g. size=150");
            }
            String key = spec.substring(0, eq).trim();
            String size = spec.substring(eq + 1).trim();
            if (!key.equals("size")) {
                throw new IllegalArgumentException(where + " has unknown key '" + key + "'; only size=<GiB> is understood");
            }
            long gib;
            try {
                gib = Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": size must be a whole number of GiB, e.g. size=150");
            }
            if (gib < 1 || gib > MAX_VOLUME_GIB) {
                throw new IllegalArgumentException(where + ": size must be between 1 and " + MAX_VOLUME_GIB + " GiB");
            }
            sizes.add(gib * StorageSettings.GIB);
        }
        return sizes;
    }

    private static Integer integer(String text, int min, int max, String key, String expected, List<Problem> problems) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem(key, "'" + text + "' is not " + expected));
        return null;
    }

    private static String trim(String text) {
        return text == null ? "" : text.trim();
    }
}
