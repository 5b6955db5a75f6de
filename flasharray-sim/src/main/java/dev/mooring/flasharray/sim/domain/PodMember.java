package dev.mooring.flasharray.sim.domain;

/**
 * The state of a pod on one of its arrays. Online unless {@code offlineSince} is set; resyncing from
 * {@code resyncStart} for the configured resync duration, then online again (evaluated lazily from the clock).
 */
final class PodMember {
    final SimArray array;
    /** Millis when this array stopped serving the pod (its {@code frozen_at}), or null. */
    Long offlineSince;
    /** Millis when the resync began, or null. */
    Long resyncStart;

    PodMember(SimArray array) {
        this.array = array;
    }
}
