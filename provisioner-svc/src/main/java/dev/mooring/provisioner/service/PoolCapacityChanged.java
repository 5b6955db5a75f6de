package dev.mooring.provisioner.service;

/**
 * Fired (CDI, asynchronously, after the commit) when a pool's free capacity grew: it came online, expanded,
 * or moved to another node. Volumes that could not be placed for lack of capacity try again on it.
 */
public record PoolCapacityChanged(String poolId) {
}
