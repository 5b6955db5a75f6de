package dev.mooring.provisioner.domain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What to do about a PersistentVolumeClaim: nothing (not Mooring's, bound elsewhere, waiting for the
 * scheduler), provision it, or refuse it with a reason the user can act on. It decides from the claim and
 * its StorageClass alone; whether a volume exists already is the caller's business (a claim is requested
 * once, however often it is seen).
 */
public final class ClaimDecision {

    /** The annotation the scheduler sets on a WaitForFirstConsumer claim once it picked a node. */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** The fsType parameter Kubernetes' CSI sidecars define, and the older in-tree spelling. */
    static final List<String> FS_TYPE_KEYS = List.of(StorageParameters.FS_TYPE, "fsType");

    // Stable reasons of refusals decided from the claim and its class (the array side adds its own).
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INVALID_SIZE = "InvalidSize";
    public static final String TOPOLOGY_NOT_SUPPORTED = "TopologyNotSupported";
    public static final String ACCESS_MODE_NOT_SUPPORTED = "AccessModeNotSupported";
    public static final String DATA_SOURCE_NOT_SUPPORTED = "DataSourceNotSupported";

    private static final Set<String> VOLUME_MODES = Set.of("Filesystem", "Block");
    private static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
            "ReadWriteOncePod");

    private ClaimDecision() {
    }

    /** The outcome for one claim. */
    public sealed interface Outcome {
    }

    /** Not Mooring's to provision now; {@code why} is for a debug log line. */
    public record Ignore(String why) implements Outcome {
    }

    /** WaitForFirstConsumer and the scheduler has not chosen a node yet. */
    public record WaitForNode() implements Outcome {
    }

    /** Provision this volume. */
    public record Provision(ClaimVolume volume) implements Outcome {
    }

    /** Refuse: record the volume as failed, tell the user on the claim. */
    public record Refuse(String reason, String message, ClaimVolume volume) implements Outcome {
    }

    /**
     * Decides for a claim.
     *
     * @param claim           the claim as seen now
     * @param storageClass    its StorageClass, or null when it is not (yet) known
     * @param provisionerNames the provisioner names Mooring answers to
     */
    public static Outcome decide(ClaimFacts claim, ClassFacts storageClass, Set<String> provisionerNames) {
        if (claim.storageClassName() == null || claim.storageClassName().isBlank()) {
            return new Ignore("claim " + claim.path() + " names no StorageClass");
        }
        if (storageClass == null) {
            return new Ignore("StorageClass " + claim.storageClassName() + " of claim " + claim.path()
                    + " is not known (yet)");
        }
        if (!provisionerNames.contains(storageClass.provisioner())) {
            return new Ignore("StorageClass " + storageClass.name() + " belongs to provisioner "
                    + storageClass.provisioner());
        }
        if (claim.deleting()) {
            return new Ignore("claim " + claim.path() + " is being deleted");
        }
        if (claim.volumeName() != null && !claim.volumeName().isBlank()
                && !claim.volumeName().equals(persistentVolumeName(claim.uid()))) {
            return new Ignore("claim " + claim.path() + " is bound to PV " + claim.volumeName() + " already");
        }
        if (storageClass.waitsForFirstConsumer() && (claim.selectedNode() == null || claim.selectedNode().isBlank())) {
            return new WaitForNode();
        }

        StorageParameters.Result parsed = StorageParameters.parse(storageClass.parameters(), "");
        String volumeMode = claim.volumeMode() == null || claim.volumeMode().isBlank() ? "Filesystem" : claim.volumeMode();
        long size = claim.requestedBytes() == null ? 0 : claim.requestedBytes();
        ClaimVolume volume = new ClaimVolume(volumeIdOf(claim.uid()), persistentVolumeName(claim.uid()),
                size > 0 && size <= VolumeSpec.MAX_SIZE ? roundUpTo512(size) : 0,
                parsed.valid() ? parsed.parameters() : null, storageClass.parameters(),
                claim.namespace(), claim.name(), claim.uid(), claim.accessModes(), volumeMode,
                "Block".equals(volumeMode) ? null : fsType(storageClass.parameters()), storageClass.name(),
                blankToNull(claim.selectedNode()), storageClass.reclaim(), storageClass.allowVolumeExpansion(),
                storageClass.provisioner());

        String where = "StorageClass " + storageClass.name();
        if (!parsed.valid()) {
            List<String> problems = new ArrayList<>();
            parsed.problems().forEach(p -> problems.add("parameter " + p.field() + ": " + p.reason()));
            return new Refuse(INVALID_PARAMETER, where + ": " + String.join("; ", problems), volume);
        }
        if (parsed.parameters().podName().isPresent() && storageClass.hasAllowedTopologies()) {
            return new Refuse(TOPOLOGY_NOT_SUPPORTED, where + " sets allowedTopologies, but volumes in ActiveCluster pod "
                    + parsed.parameters().podName().get() + " (pure_fa_pod_name) do not support CSI topology: "
                    + "remove allowedTopologies from the StorageClass", volume);
        }
        if (claim.hasDataSource()) {
            return new Refuse(DATA_SOURCE_NOT_SUPPORTED, "Claim " + claim.path()
                    + " asks to be filled from a data source (snapshot or clone); Mooring provisions empty volumes only",
                    volume);
        }
        String sizeProblem = sizeProblem(claim);
        if (sizeProblem != null) {
            return new Refuse(INVALID_SIZE, "Claim " + claim.path() + ": spec.resources.requests.storage " + sizeProblem,
                    volume);
        }
        if (!VOLUME_MODES.contains(volumeMode)) {
            return new Refuse(INVALID_PARAMETER, "Claim " + claim.path() + ": volumeMode '" + volumeMode
                    + "' is neither Filesystem nor Block", volume);
        }
        if (claim.accessModes().isEmpty()) {
            return new Refuse(ACCESS_MODE_NOT_SUPPORTED, "Claim " + claim.path() + " names no access mode", volume);
        }
        for (String mode : claim.accessModes()) {
            if (!ACCESS_MODES.contains(mode)) {
                return new Refuse(ACCESS_MODE_NOT_SUPPORTED, "Claim " + claim.path() + ": unknown access mode '"
                        + mode + "'", volume);
            }
        }
        if (claim.accessModes().contains("ReadWriteMany") && !"Block".equals(volumeMode)) {
            return new Refuse(ACCESS_MODE_NOT_SUPPORTED, "Claim " + claim.path() + " asks for ReadWriteMany with "
                    + "volumeMode Filesystem: a FlashArray volume can be written by several nodes only as a raw block "
                    + "device (volumeMode: Block, e.g. for KubeVirt live migration)", volume);
        }
        return new Provision(volume);
    }

    /** The PV Mooring makes for a claim: {@code pvc-<uid>}, as Kubernetes' external provisioners name it. */
    public static String persistentVolumeName(String claimUid) {
        return "pvc-" + claimUid;
    }

    /** The volume id of a claim: its uid (always a UUID in Kubernetes; anything else is hashed into one). */
    public static UUID volumeIdOf(String claimUid) {
        try {
            return UUID.fromString(claimUid);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(claimUid.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String sizeProblem(ClaimFacts claim) {
        if (claim.requestedBytes() == null) {
            return claim.requestedStorage() == null || claim.requestedStorage().isBlank() ? "is missing"
                    : "'" + claim.requestedStorage() + "' is not a quantity";
        }
        if (claim.requestedBytes() < VolumeSpec.MIN_SIZE) {
            return "'" + claim.requestedStorage() + "' is smaller than the minimum of 1Mi";
        }
        if (claim.requestedBytes() > VolumeSpec.MAX_SIZE) {
            return "'" + claim.requestedStorage() + "' is larger than a FlashArray volume can be (4Pi)";
        }
        return null;
    }

    private static String fsType(Map<String, String> parameters) {
        return FS_TYPE_KEYS.stream().map(parameters::get).filter(v -> v != null && !v.isBlank()).findFirst()
                .orElse(null);
    }

    static long roundUpTo512(long bytes) {
        return BigInteger.valueOf(bytes).add(BigInteger.valueOf(511)).divide(BigInteger.valueOf(512))
                .multiply(BigInteger.valueOf(512)).longValueExact();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
