package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Capacity and use of the array ({@code GET /arrays/space}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ArraySpace(String id, String name, Long capacity, Long capacityInstalled, Double parity, Long time,
                         Space space) {

    /** {@code capacity - space.total_used} (or {@code total_physical}), or null when unknown. */
    public Long free() {
        if (capacity == null || space == null || space.used() == null) {
            return null;
        }
        return capacity - space.used();
    }
}
