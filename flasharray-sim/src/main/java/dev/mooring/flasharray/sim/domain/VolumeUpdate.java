package dev.mooring.flasharray.sim.domain;

/** The fields of a volume PATCH the simulator understands; null = unchanged. */
public record VolumeUpdate(String name, Long provisioned, Boolean destroyed, Change<Long> bandwidthLimit,
                           Change<Long> iopsLimit) {
}
