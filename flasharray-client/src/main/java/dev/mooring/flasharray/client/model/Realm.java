package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A realm (secure multi-tenancy, REST 2.36+). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Realm(String id, String name, Long created, Boolean destroyed, Long timeRemaining,
                    Long quotaLimit, List<PodArrayStatus> arrays, List<Ref> members, QoS qos, String mediator,
                    List<Ref> failoverPreferences, String isolationStatus, Space space) {

    public Realm {
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
        members = members == null ? List.of() : List.copyOf(members);
        failoverPreferences = failoverPreferences == null ? List.of() : List.copyOf(failoverPreferences);
    }
}
