package dev.mooring.agent.domain;

import dev.mooring.flasharray.client.DeviceIdentity;
import java.util.Locale;
import java.util.Optional;

/** FlashArray device identity on a Linux host: the SCSI/multipath WWID {@code 3624a9370} + the volume serial. */
public final class Wwids {

    public static final String PURE_PREFIX = DeviceIdentity.WWID_PREFIX;

    private Wwids() {
    }

    /** The WWID of the volume with this serial (24 hex digits, any case). */
    public static String ofSerial(String serial) {
        return DeviceIdentity.of(serial).wwid();
    }

    /** The serial inside a FlashArray WWID, or empty for any other WWID (a boot disk, another vendor's LUN). */
    public static Optional<String> serialOf(String wwid) {
        if (wwid == null) {
            return Optional.empty();
        }
        String w = wwid.trim().toLowerCase(Locale.ROOT);
        if (w.startsWith("naa.")) {
            w = "3" + w.substring(4);
        }
        if (w.length() == PURE_PREFIX.length() + 24 && w.startsWith(PURE_PREFIX)
                && w.substring(PURE_PREFIX.length()).matches("[0-9a-f]{24}")) {
            return Optional.of(w.substring(PURE_PREFIX.length()));
        }
        return Optional.empty();
    }
}
