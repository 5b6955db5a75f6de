package dev.mooring.flasharray.client;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * A REST API version {@code major.minor}, compared numerically ({@code 2.9 < 2.10}).
 */
public record RestVersion(int major, int minor) implements Comparable<RestVersion> {

    /** Where {@code pods/members} replaced {@code pods/arrays}, and realms appeared. */
    public static final RestVersion V2_36 = new RestVersion(2, 36);
    /** The oldest version with {@code /arrays}, {@code /ports}, {@code /controllers} and continuation tokens. */
    public static final RestVersion V2_2 = new RestVersion(2, 2);
    /** {@code /network-interfaces}. */
    public static final RestVersion V2_4 = new RestVersion(2, 4);

    public RestVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative version");
        }
    }

    /** Parses {@code "2.26"}. */
    public static RestVersion parse(String text) {
        Objects.requireNonNull(text, "version");
        String s = text.trim();
        if (!s.matches("[0-9]{1,4}\\.[0-9]{1,4}")) {
            throw new IllegalArgumentException("not a REST version (major.minor): " + text);
        }
        int dot = s.indexOf('.');
        return new RestVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
    }

    /** Parses, or empty when the text is not {@code major.minor}. */
    public static Optional<RestVersion> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The highest 2.x version offered by the array that lies within {@code [min, max]} ({@code max} null =
     * no upper bound). Entries that are not {@code major.minor}, and 1.x versions, are ignored.
     */
    public static Optional<RestVersion> negotiate(Collection<String> offered, RestVersion min, RestVersion max) {
        Objects.requireNonNull(min, "min");
        RestVersion best = null;
        if (offered != null) {
            for (String o : offered) {
                Optional<RestVersion> v = tryParse(o);
                if (v.isEmpty() || v.get().major() != 2) {
                    continue;
                }
                RestVersion c = v.get();
                if (c.compareTo(min) < 0 || (max != null && c.compareTo(max) > 0)) {
                    continue;
                }
                if (best == null || c.compareTo(best) > 0) {
                    best = c;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean atLeast(RestVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(RestVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
