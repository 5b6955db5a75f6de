package dev.mooring.provisioner.domain.placement;

import java.util.Set;

/**
 * What a pool-backed volume asks of placement: its size, how many replicas, and the hard topology
 * constraints of its StorageClass ({@code zones}, {@code racks}, {@code regions}; empty = any).
 */
public record PlacementRequest(long sizeBytes, int repl, Set<String> zones, Set<String> racks, Set<String> regions) {

    public PlacementRequest {
        if (repl < 1) {
            throw new IllegalArgumentException("repl must be at least 1, got " + repl);
        }
        zones = Set.copyOf(zones == null ? Set.of() : zones);
        racks = Set.copyOf(racks == null ? Set.of() : racks);
        regions = Set.copyOf(regions == null ? Set.of() : regions);
    }
}
