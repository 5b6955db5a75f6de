package dev.mooring.attach.domain;

import java.util.Collection;

/**
 * Whether a volume may be connected to several nodes at once: only a raw block volume with
 * {@code ReadWriteMany} (KubeVirt live migration moves a VM's disk between two nodes that both have it
 * connected). Everything else — filesystems, ReadWriteOnce, ReadOnlyMany filesystems that would be mounted
 * twice by kernels that do not know each other — has a single writer.
 */
public final class VolumeSharing {

    public static final String READ_WRITE_MANY = "ReadWriteMany";
    public static final String BLOCK = "Block";

    private VolumeSharing() {
    }

    public static boolean multiNode(Collection<String> accessModes, String volumeMode) {
        return BLOCK.equals(volumeMode) && accessModes != null && accessModes.contains(READ_WRITE_MANY);
    }
}
