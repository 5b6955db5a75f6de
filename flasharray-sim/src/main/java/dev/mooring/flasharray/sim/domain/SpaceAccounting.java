package dev.mooring.flasharray.sim.domain;

/**
 * Space of an array, from the written bytes the admin sets on volumes (there is no data path to measure).
 * Callers hold the {@link SimulatedFleet} lock.
 */
final class SpaceAccounting {
    private final Inventory inventory;

    SpaceAccounting(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Sum of written bytes of the volumes stored on an array (live and destroyed). */
    long usedBytes(String arrayName) {
        long sum = 0;
        for (Volume v : inventory.volumes(arrayName)) {
            sum += v.written;
        }
        return sum;
    }

    /** Sum of the provisioned sizes of the live volumes visible on an array. */
    long provisionedBytes(String arrayName) {
        long sum = 0;
        for (Volume v : inventory.volumes(arrayName)) {
            if (!v.destroyed) {
                sum += v.provisioned;
            }
        }
        return sum;
    }
}
