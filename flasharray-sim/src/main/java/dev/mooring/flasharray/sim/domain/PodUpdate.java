package dev.mooring.flasharray.sim.domain;

import java.util.List;

/** The fields of a pod PATCH the simulator understands; null = unchanged. */
public record PodUpdate(String name, Boolean destroyed, String mediator, List<String> failoverPreferences,
                        Change<Long> quotaLimit, String requestedPromotionState) {
}
