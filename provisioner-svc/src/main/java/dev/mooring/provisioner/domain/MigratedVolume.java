package dev.mooring.provisioner.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A PersistentVolume another cluster domain's Mooring made and disaster recovery copied into this cluster
 * (label {@value #MIGRATED_FROM}), and whether this provisioner should adopt it: record the array volume it
 * names under the same volume id, so attach works here after a failover. The array volume is the other
 * site's; adopting it never creates, resizes or destroys it.
 *
 * @param pvName         the PV's name
 * @param driver         its CSI driver
 * @param migratedFrom   the value of {@value #MIGRATED_FROM}, or null
 * @param volumeHandle   its CSI volume handle (the other site's volume id)
 * @param attributes     its CSI volume attributes
 * @param sizeBytes      its capacity, or null
 * @param claimNamespace the claimRef's namespace, or null
 * @param claimName      the claimRef's name, or null
 */
public record MigratedVolume(String pvName, String driver, String migratedFrom, String volumeHandle,
                             Map<String, String> attributes, Long sizeBytes, List<String> accessModes,
                             String volumeMode, String fsType, String storageClass, String claimNamespace,
                             String claimName) {

    /** Set by topology-svc on the PVs it copies from the other cluster domain. */
    public static final String MIGRATED_FROM = "dr.mooring.dev/migrated-from";

    /** What to do with a PV. */
    public sealed interface Verdict {
    }

    /** Not a volume to adopt; {@code why} is for a debug line. */
    public record NotACandidate(String why) implements Verdict {
    }

    /** Adopt it (once the provisioner checked it has no record of {@code volumeId} and the arrays agree). */
    public record Candidate(UUID volumeId, String backend, List<String> arrays, String pod, String arrayVolumeName,
                            Optional<String> serial) implements Verdict {
    }

    /** Whether this PV is one to adopt, from the PV alone. */
    public Verdict decide(Set<String> provisionerNames) {
        if (driver == null || !provisionerNames.contains(driver)) {
            return new NotACandidate("PV " + pvName + " is not of a Mooring CSI driver");
        }
        if (migratedFrom == null || migratedFrom.isBlank()) {
            return new NotACandidate("PV " + pvName + " carries no " + MIGRATED_FROM + " label");
        }
        UUID id;
        try {
            id = UUID.fromString(volumeHandle);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new NotACandidate("PV " + pvName + ": volumeHandle '" + volumeHandle + "' is not a volume id");
        }
        String pod = attribute("pod");
        String arrayVolumeName = attribute("arrayVolumeName");
        if (pod == null || arrayVolumeName == null) {
            return new NotACandidate("PV " + pvName + " names no pod and array volume (attributes pod, arrayVolumeName)");
        }
        String arrays = attribute("arrays");
        return new Candidate(id, Optional.ofNullable(attribute("backend")).orElse("pure_block"),
                arrays == null ? List.of() : List.of(arrays.split(",")).stream().map(String::trim)
                        .filter(a -> !a.isEmpty()).toList(),
                pod, arrayVolumeName, Optional.ofNullable(attribute("serial")));
    }

    private String attribute(String key) {
        String value = attributes == null ? null : attributes.get(key);
        return value == null || value.isBlank() ? null : value;
    }
}
