package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A host group ({@code GET /host-groups}). A connection to a group gives every member the same LUN. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostGroup(String id, String name, Integer hostCount, Integer connectionCount, Boolean isLocal,
                        QoS qos, Space space, Boolean destroyed) {
}
