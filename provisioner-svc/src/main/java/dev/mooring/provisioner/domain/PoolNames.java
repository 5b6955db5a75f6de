package dev.mooring.provisioner.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names: a node's pool id, and each drive's FlashArray volume name
 * ({@code <prefix>-<node>-<6 hex of the pool id>-d<index>}, within FlashArray's rules: letters, digits and
 * {@code -}, at most 63). A retried step finds the drive it made instead of making a second one; the hash keeps
 * two nodes whose names shorten alike apart.
 */
public final class PoolNames {

    private static final int MAX = 63;

    private PoolNames() {
    }

    /** The pool of the node that first became a storage node; it keeps this id wherever it moves. */
    public static String poolId(String nodeName) {
        return "pool-" + nodeName;
    }

    public static String driveName(String prefix, String poolId, int index) {
        String hash = sha256(poolId).substring(0, 6);
        String suffix = "-" + hash + "-d" + index;
        String origin = poolId.startsWith("pool-") ? poolId.substring(5) : poolId;
        String readable = (prefix + "-" + origin).replaceAll("[^-a-zA-Z0-9]", "-");
        if (readable.length() > MAX - suffix.length()) {
            readable = readable.substring(0, MAX - suffix.length());
        }
        return readable + suffix;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
