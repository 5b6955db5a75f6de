package dev.mooring.flasharray.client;

import java.util.Locale;
import java.util.Objects;

/**
 * How a FlashArray volume shows up on a Linux host, derived from its 24-hex-digit serial (Pure's IEEE OUI
 * is {@code 24a937}; SCSI NAA type 6 gives the {@code 624a9370} prefix):
 *
 * <ul>
 *   <li>multipath WWID {@code 3624a9370<serial>} and {@code /dev/mapper/<wwid>} ({@code user_friendly_names no})</li>
 *   <li>{@code /dev/disk/by-id/wwn-0x624a9370<serial>}, {@code dm-uuid-mpath-<wwid>}, {@code scsi-<wwid>}</li>
 *   <li>NAA {@code naa.624a9370<serial>}</li>
 *   <li>NVMe NGUID {@code 00 + serial[0:14] + 24a937 + serial[14:24]} and {@code /dev/disk/by-id/nvme-eui.<nguid>}</li>
 * </ul>
 * The serial is lower-cased in every form.
 */
public final class DeviceIdentity {

    /** NAA type 6 + Pure Storage OUI 24a937 + a zero nibble. */
    public static final String NAA_PREFIX = "624a9370";
    /** SCSI WWID prefix "3" (NAA designator) + {@link #NAA_PREFIX}. */
    public static final String WWID_PREFIX = "3" + NAA_PREFIX;
    public static final String PURE_OUI = "24a937";

    private final String serial;

    private DeviceIdentity(String serial) {
        this.serial = serial;
    }

    /** From a volume serial: 24 hexadecimal digits, any case. */
    public static DeviceIdentity of(String serial) {
        Objects.requireNonNull(serial, "serial");
        String s = serial.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{24}")) {
            throw new IllegalArgumentException("a FlashArray volume serial is 24 hex digits: " + serial);
        }
        return new DeviceIdentity(s);
    }

    /** The serial, lower case. */
    public String serial() {
        return serial;
    }

    /** Multipath WWID: {@code 3624a9370<serial>}. */
    public String wwid() {
        return WWID_PREFIX + serial;
    }

    /** SCSI NAA identifier: {@code naa.624a9370<serial>}. */
    public String naa() {
        return "naa." + NAA_PREFIX + serial;
    }

    /** The WWN as udev prints it: {@code 0x624a9370<serial>}. */
    public String wwn() {
        return "0x" + NAA_PREFIX + serial;
    }

    /** {@code /dev/mapper/3624a9370<serial>}. */
    public String multipathDevice() {
        return "/dev/mapper/" + wwid();
    }

    /** {@code /dev/disk/by-id/wwn-0x624a9370<serial>}. */
    public String byIdWwn() {
        return "/dev/disk/by-id/wwn-" + wwn();
    }

    /** {@code /dev/disk/by-id/dm-uuid-mpath-3624a9370<serial>}. */
    public String byIdDmUuid() {
        return "/dev/disk/by-id/dm-uuid-mpath-" + wwid();
    }

    /** {@code /dev/disk/by-id/scsi-3624a9370<serial>}. */
    public String byIdScsi() {
        return "/dev/disk/by-id/scsi-" + wwid();
    }

    /** NVMe NGUID: {@code "00" + serial[0:14] + "24a937" + serial[14:24]}, lower case, 32 hex digits. */
    public String nguid() {
        return "00" + serial.substring(0, 14) + PURE_OUI + serial.substring(serial.length() - 10);
    }

    /** {@code eui.<nguid>}. */
    public String eui() {
        return "eui." + nguid();
    }

    /** {@code /dev/disk/by-id/nvme-eui.<nguid>}. */
    public String byIdNvmeEui() {
        return "/dev/disk/by-id/nvme-" + eui();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceIdentity d && d.serial.equals(serial);
    }

    @Override
    public int hashCode() {
        return serial.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceIdentity[" + wwid() + "]";
    }
}
