package dev.mooring.provisioner.service;

/**
 * Fired (CDI, asynchronously, after the commit) when a pool's free capacity grew: it came online, expanded,
 * moved to another node, or the pool check recorded less use (a deleted volume's replicas gave their space back). Volumes that could not be placed for lack of capacity try again on it.
 */
public record PoolCapacityChanged(String poolId) {
}
