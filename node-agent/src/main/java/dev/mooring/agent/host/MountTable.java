package dev.mooring.agent.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts of {@code /proc/self/mountinfo}: where each is, what it mounts, with which options. */
public record MountTable(List<Entry> entries) {

    /** One line: mount point, root inside the source filesystem, type, source, per-mount options. */
    public record Entry(String mountPoint, String root, String fsType, String source, List<String> options,
                        String majorMinor) {
        public boolean readOnly() {
            return options.contains("ro");
        }
    }

    /** Parses mountinfo (proc(5)): fields 5 (mount point) and 6 (options), then after " - " type and source. */
    public static MountTable parse(String mountinfo) {
        List<Entry> entries = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 6 || right.length < 2) {
                continue;
            }
            entries.add(new Entry(unescape(left[4]), unescape(left[3]), right[0], unescape(right[1]),
                    List.of(left[5].split(",")), left[2]));
        }
        return new MountTable(List.copyOf(entries));
    }

    /** The last (topmost) mount at this path. */
    public Optional<Entry> at(String path) {
        Entry found = null;
        for (Entry e : entries) {
            if (e.mountPoint().equals(path)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many mounts come from this device (major:minor): a staged volume has one plus one per publish. */
    public long mountsOf(String majorMinor) {
        return entries.stream().filter(e -> e.majorMinor().equals(majorMinor)).count();
    }

    private static String unescape(String s) {
        // mountinfo escapes space, tab, newline and backslash as octal.
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
