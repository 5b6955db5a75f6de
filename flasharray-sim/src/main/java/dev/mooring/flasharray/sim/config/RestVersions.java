package dev.mooring.flasharray.sim.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** REST version strings: parsing, numeric comparison (2.9 &lt; 2.10) and expansion of ranges. */
public final class RestVersions {
    private RestVersions() {
    }

    /** A version as {@code major*10000+minor}, so that comparison is numeric. Throws on a malformed version. */
    public static int key(String version) {
        String v = version.trim();
        int dot = v.indexOf('.');
        if (dot <= 0 || dot == v.length() - 1) {
            throw new IllegalArgumentException("'" + version + "' is not a version like 2.17");
        }
        try {
            int major = Integer.parseInt(v.substring(0, dot));
            int minor = Integer.parseInt(v.substring(dot + 1));
            if (major < 0 || minor < 0 || minor > 9999) {
                throw new NumberFormatException();
            }
            return major * 10000 + minor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + version + "' is not a version like 2.17");
        }
    }

    public static String format(int key) {
        return (key / 10000) + "." + (key % 10000);
    }

    /** Expands {@code ["1.19","2.0-2.3"]} to {@code [1.19, 2.0, 2.1, 2.2, 2.3]}, sorted numerically, without duplicates. */
    public static List<String> expand(List<String> specs) {
        TreeSet<Integer> keys = new TreeSet<>();
        for (String spec : specs) {
            int dash = spec.indexOf('-');
            if (dash < 0) {
                keys.add(key(spec));
                continue;
            }
            int from = key(spec.substring(0, dash));
            int to = key(spec.substring(dash + 1));
            if (from / 10000 != to / 10000) {
                throw new IllegalArgumentException("range '" + spec + "' must stay within one major version");
            }
            if (to < from) {
                throw new IllegalArgumentException("range '" + spec + "' ends before it starts");
            }
            for (int k = from; k <= to; k++) {
                keys.add(k);
            }
        }
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(format(k)));
        return out;
    }

    public static final Comparator<String> NUMERIC = Comparator.comparingInt(RestVersions::key);
}
