package dev.mooring.provisioner.domain;

import java.util.List;

/**
 * What the provisioner needs to know of a PersistentVolumeClaim, read from Kubernetes by the watcher.
 *
 * @param requestedStorage {@code spec.resources.requests.storage} as written, for messages
 * @param requestedBytes   the same in bytes, or null when it is missing or not a quantity
 * @param volumeName       {@code spec.volumeName}: the PV the claim is bound to, if any
 * @param selectedNode     the {@code volume.kubernetes.io/selected-node} annotation (WaitForFirstConsumer)
 * @param hasDataSource    the claim asks to be filled from a snapshot or another claim
 * @param deleting         the claim has a deletion timestamp
 */
public record ClaimFacts(String namespace, String name, String uid, String storageClassName, String requestedStorage,
                         Long requestedBytes, List<String> accessModes, String volumeMode, String volumeName,
                         String selectedNode, boolean hasDataSource, boolean deleting) {

    public ClaimFacts {
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** {@code namespace/name}, as people name a claim. */
    public String path() {
        return namespace + "/" + name;
    }
}
