package dev.mooring.provisioner.domain;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The volume a claim asks for, with everything the PV will need. When the claim is refused, the fields that
 * could not be read are empty (size 0, backend as given), and the volume is recorded as failed.
 *
 * @param volumeId the claim's uid (a UUID in Kubernetes): one claim, one volume, however often it is seen
 * @param name     {@code pvc-<uid>}, which is also the PV's name
 * @param driver   the StorageClass's provisioner (e.g. {@code pxd.portworx.com}): the PV's CSI driver
 */
public record ClaimVolume(UUID volumeId, String name, long sizeBytes, StorageParameters parameters,
                          Map<String, String> rawParameters, String claimNamespace, String claimName, String claimUid,
                          List<String> accessModes, String volumeMode, String fsType, String storageClass,
                          String selectedNode, ReclaimPolicy reclaimPolicy, boolean allowExpansion, String driver) {

    public ClaimVolume {
        rawParameters = rawParameters == null ? Map.of() : Map.copyOf(rawParameters);
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** The backend as validated, or as given when the parameters were refused. */
    public String backend() {
        return parameters != null ? parameters.backend() : rawParameters.getOrDefault(StorageParameters.BACKEND, "");
    }
}
