package dev.mooring.provisioner.domain;

/**
 * A pool's used bytes: what its drives hold by the arrays' space figures, or what the replicas placed in it
 * were allocated, whichever is more. Replicas' data lives on the drives, so the two are not added: an
 * allocation counts before it is written, and data written beyond the allocations counts too.
 */
public final class PoolUsage {

    private PoolUsage() {
    }

    public static long used(long writtenOnDrives, long allocatedToReplicas) {
        return Math.max(writtenOnDrives, allocatedToReplicas);
    }
}
