package dev.mooring.flasharray.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * FlashArray object names: {@code [-a-zA-Z0-9]}, at most 63 characters, starting with a letter or digit
 * (the same rule is applied to volumes, hosts, host groups and pods). Qualified names join with
 * {@code ::} ({@code pod::vol}, {@code realm::pod::vol}).
 */
public final class FlashArrayNames {

    public static final int MAX_LENGTH = 63;
    /** Length of the hash suffix added by {@link #fit(String)}: 8 hex digits. */
    public static final int HASH_LENGTH = 8;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][-a-zA-Z0-9]{0,62}");

    private FlashArrayNames() {
    }

    /** True when {@code name} is a valid unqualified FlashArray name. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns {@code name} or throws an {@link IllegalArgumentException} naming the rule it breaks. */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("FlashArray name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("FlashArray name longer than " + MAX_LENGTH + " characters: " + name);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "FlashArray name must be letters, digits and '-', starting with a letter or digit: " + name);
        }
        return name;
    }

    /** True when every {@code ::}-separated part of a (possibly qualified) name is valid, at most 3 parts. */
    public static boolean isValidQualified(String name) {
        if (name == null) {
            return false;
        }
        String[] parts = name.split("::", -1);
        if (parts.length > 3) {
            return false;
        }
        for (String p : parts) {
            if (!isValid(p)) {
                return false;
            }
        }
        return true;
    }

    /** Validates a possibly qualified name ({@code vol}, {@code pod::vol}, {@code realm::pod::vol}). */
    public static String requireValidQualified(String name) {
        Objects.requireNonNull(name, "name");
        String[] parts = name.split("::", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("too many '::' parts in FlashArray name: " + name);
        }
        for (String p : parts) {
            requireValid(p);
        }
        return name;
    }

    /** {@code pod::volume}, both parts validated. */
    public static String qualify(String pod, String name) {
        return requireValidQualified(pod) + "::" + requireValid(name);
    }

    /** The pod part of {@code pod::vol} (or {@code realm::pod} of {@code realm::pod::vol}); empty when unqualified. */
    public static Optional<String> containerOf(String qualifiedName) {
        int i = qualifiedName.lastIndexOf("::");
        return i < 0 ? Optional.empty() : Optional.of(qualifiedName.substring(0, i));
    }

    /** The last part of a qualified name ({@code vol} of {@code pod::vol}). */
    public static String baseName(String qualifiedName) {
        int i = qualifiedName.lastIndexOf("::");
        return i < 0 ? qualifiedName : qualifiedName.substring(i + 2);
    }

    /**
     * The FlashArray host name for a Kubernetes node. Deterministic: the same node name always gives the
     * same host name. A node name that is already valid is used as is; otherwise invalid characters
     * ({@code .}, {@code _}, …) become {@code -}, and the result is shortened and suffixed with
     * {@code -} plus 8 hex digits of the SHA-256 of the original node name, so two different node names
     * never collide by mapping.
     */
    public static String hostNameFor(String nodeName) {
        return fit(nodeName);
    }

    /**
     * Maps any text into the FlashArray name rules: unchanged if already valid, else sanitised, truncated
     * and suffixed with a short hash of the original (see {@link #hostNameFor(String)}).
     */
    public static String fit(String raw) {
        Objects.requireNonNull(raw, "name");
        if (isValid(raw)) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            sb.append(ok ? c : '-');
        }
        String s = sb.toString().replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
        int keep = MAX_LENGTH - HASH_LENGTH - 1;
        if (s.length() > keep) {
            s = s.substring(0, keep).replaceAll("-+$", "");
        }
        String hash = shortHash(raw);
        return s.isEmpty() ? "h-" + hash : s + "-" + hash;
    }

    static String shortHash(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
