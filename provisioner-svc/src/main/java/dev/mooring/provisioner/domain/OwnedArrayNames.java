package dev.mooring.provisioner.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which array volumes are provably the provisioner's, by the names it gives ({@link ArrayVolumeNames}, {@link
 * PoolNames}): a volume {@code <prefix>-<name>-<8 hex>}, the same inside a pod ({@code <pod>::…}, one volume seen on
 * every array of a stretched pod), and a pool's drive {@code <prefix>-<node>-<6 hex>-d<index>} (never in a pod).
 * Anything else — another product's volume, a user's — is not Mooring's and is never reported or touched.
 */
public final class OwnedArrayNames {

    /** What an owned name is. {@code label}: as Events, REST and the metric name it. */
    public enum Kind {
        VOLUME("volume"), POD_VOLUME("pod-volume"), DRIVE("drive");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Pattern VOLUME_END = Pattern.compile(".+-[0-9a-f]{8}");
    private static final Pattern DRIVE_END = Pattern.compile(".+-[0-9a-f]{6}-d[0-9]{1,3}");

    private OwnedArrayNames() {
    }

    /** The kind of {@code fullName} (possibly {@code pod::name}) when it is one the provisioner gives; else empty. */
    public static Optional<Kind> classify(String prefix, String fullName) {
        if (fullName == null || prefix == null || prefix.isEmpty()) {
            return Optional.empty();
        }
        int split = fullName.lastIndexOf("::");
        String base = split < 0 ? fullName : fullName.substring(split + 2);
        boolean inPod = split >= 0;
        if (!base.startsWith(prefix + "-") || base.length() > 63) {
            return Optional.empty();
        }
        String rest = base.substring(prefix.length() + 1);
        if (!inPod && DRIVE_END.matcher(rest).matches()) {
            return Optional.of(Kind.DRIVE);
        }
        if (VOLUME_END.matcher(rest).matches()) {
            return Optional.of(inPod ? Kind.POD_VOLUME : Kind.VOLUME);
        }
        return Optional.empty();
    }
}
