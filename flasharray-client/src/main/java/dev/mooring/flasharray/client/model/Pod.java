package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * An ActiveCluster pod ({@code GET /pods}). A pod is healthy when every {@code arrays[].status} is
 * {@code online}. Fields newer than REST 2.1 are null on older arrays.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pod(String id, String name, Boolean destroyed, Long timeRemaining, Integer arrayCount,
                  String mediator, Ref source, List<Ref> failoverPreferences, String promotionStatus,
                  String requestedPromotionState, Long quotaLimit, Integer linkSourceCount,
                  Integer linkTargetCount, List<PodArrayStatus> arrays, List<Ref> members, Space space,
                  EradicationConfig eradicationConfig) {

    public Pod {
        failoverPreferences = failoverPreferences == null ? List.of() : List.copyOf(failoverPreferences);
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public boolean isDestroyed() {
        return Boolean.TRUE.equals(destroyed);
    }

    /** True when the pod spans more than one array. */
    public boolean isStretched() {
        return arrays.size() > 1 || (arrayCount != null && arrayCount > 1);
    }

    /** True when every array of the pod is {@code online} (and there is at least one). */
    public boolean isHealthy() {
        return !arrays.isEmpty() && arrays.stream().allMatch(PodArrayStatus::isOnline);
    }

    /** The status block of the named array. */
    public Optional<PodArrayStatus> array(String arrayName) {
        return arrays.stream().filter(a -> arrayName.equals(a.name())).findFirst();
    }

    /** {@code eradication_config} of pods and arrays (2.13+). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EradicationConfig(String manualEradication, Long eradicationDelay) {
    }
}
