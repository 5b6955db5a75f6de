package dev.mooring.flasharray.sim.domain;

import java.util.List;
import java.util.Map;

/** A snapshot of the fleet for the admin API: arrays, links, the Mediator and every pod's per-array status. */
public record FleetState(List<ArrayState> arrays, List<LinkState> links, MediatorState mediator, List<PodState> pods) {

    public record ArrayState(String name, String id, boolean up, int port) {
    }

    public record LinkState(List<String> arrays, String state, Long changedAt) {
    }

    public record MediatorState(String name, Map<String, Boolean> reachable) {
    }

    /** {@code status} holds the truth for each member (not a member's possibly partial view). */
    public record PodState(String name, String id, List<String> arrays, List<String> failoverPreferences,
                           String preElected, boolean destroyed, List<PodStatus> status) {
    }
}
