package dev.mooring.provisioner.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The deterministic name of a volume on the array: {@code <prefix>-<name>-<8 hex of the volume id>},
 * within FlashArray name rules ({@code [-a-zA-Z0-9]}, at most 63). The same volume always gets the same
 * name, so a retried creation finds the volume it made instead of making a second one; the id fragment
 * keeps two volumes (or a foreign object) from ever sharing a name.
 */
public final class ArrayVolumeNames {

    private static final int MAX = 63;

    private ArrayVolumeNames() {
    }

    public static String nameFor(String prefix, String volumeName, UUID volumeId) {
        String idPart = volumeId.toString().replace("-", "").substring(0, 8);
        String readable = (prefix + "-" + volumeName).replaceAll("[^-a-zA-Z0-9]", "-");
        int room = MAX - idPart.length() - 1;
        if (readable.length() > room) {
            // Keep the start readable and make truncated names unique by a hash of the full name.
            String hash = sha256(readable).substring(0, 6);
            readable = readable.substring(0, room - hash.length() - 1) + "-" + hash;
        }
        return readable + "-" + idPart;
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
