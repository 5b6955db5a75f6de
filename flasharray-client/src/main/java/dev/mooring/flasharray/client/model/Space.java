package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Space accounting of an array, volume, host, pod or realm, in bytes (ratios as doubles). Any member may
 * be null: fields come and go with REST versions ({@code total_physical} is deprecated in favour of
 * {@code total_used}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Space(Long virtual, Long unique, Long snapshots, Long shared, Long system,
                    Long replication, Long totalPhysical, Long totalProvisioned, Long totalUsed,
                    Long usedProvisioned, Double dataReduction, Double thinProvisioning,
                    Double totalReduction) {

    /** {@code total_used} when present, else the deprecated {@code total_physical}, else null. */
    public Long used() {
        return totalUsed != null ? totalUsed : totalPhysical;
    }
}
