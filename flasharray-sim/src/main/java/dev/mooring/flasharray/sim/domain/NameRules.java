package dev.mooring.flasharray.sim.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * FlashArray object-name rules: letters, digits and '-', starting with a letter or digit, at most 63
 * characters. Names compare case-insensitively (as Purity's do), so lookups use {@link #key(String)}.
 */
public final class NameRules {
    public static final int MAX_LENGTH = 63;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][-a-zA-Z0-9]*");

    private NameRules() {
    }

    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /** Null when valid, else why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "name '" + name + "' is longer than " + MAX_LENGTH + " characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "name '" + name + "' must use only letters, digits and '-', and start with a letter or digit";
        }
        return null;
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
