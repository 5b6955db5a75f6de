package dev.mooring.provisioner.domain;

/**
 * What a claim's requested size means for its provisioned volume: nothing, a resize (once per size), or a
 * refusal the user is told about — the class does not allow expansion, or the claim asks for less than the
 * volume has (FlashArray could truncate, but a PVC never shrinks).
 */
public final class ClaimExpansion {

    private ClaimExpansion() {
    }

    /** The outcome for one look at a claim. */
    public sealed interface Outcome {
    }

    /** The volume has the requested size, or a resize to it is on its way. */
    public record NoChange() implements Outcome {
    }

    /** Ask the arrays for {@code sizeBytes} (a multiple of 512). */
    public record Expand(long sizeBytes) implements Outcome {
    }

    /** The claim asks for more, but its StorageClass has no {@code allowVolumeExpansion: true}. */
    public record NotAllowed(long sizeBytes) implements Outcome {
    }

    /** The claim asks for less than the volume has. */
    public record Shrink(long sizeBytes) implements Outcome {
    }

    /** The claim asks for more than a FlashArray volume can hold. */
    public record TooLarge(long sizeBytes) implements Outcome {
    }

    /**
     * @param provisionedBytes the volume's size now
     * @param pendingBytes     the size of a resize already requested and not yet done, or null
     * @param requestedBytes   what the claim asks for now, or null when it does not say
     * @param allowed          whether the claim's StorageClass allows expansion
     */
    public static Outcome decide(long provisionedBytes, Long pendingBytes, Long requestedBytes, boolean allowed) {
        if (requestedBytes == null || requestedBytes <= 0) {
            return new NoChange();
        }
        long wanted = ClaimDecision.roundUpTo512(Math.min(requestedBytes, Long.MAX_VALUE - 511));
        if (wanted == provisionedBytes || (pendingBytes != null && wanted == pendingBytes)) {
            return new NoChange();
        }
        if (wanted < provisionedBytes) {
            return new Shrink(wanted);
        }
        if (wanted > VolumeSpec.MAX_SIZE) {
            return new TooLarge(wanted);
        }
        if (!allowed) {
            return new NotAllowed(wanted);
        }
        if (pendingBytes != null && pendingBytes > wanted) {
            return new NoChange(); // a larger resize is on its way already
        }
        return new Expand(wanted);
    }
}
