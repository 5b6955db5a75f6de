package dev.mooring.provisioner.domain.placement;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which member of a stretched pod a volume is created through, and whether a volume may be created in the
 * FlashArray pod a StorageClass names ({@code pure_fa_pod_name}), as
 * the ActiveCluster document requires: the pod exists on a registered array, is not inside a realm, is
 * promoted, and is stretched over two arrays. Checked in that order, so the first thing the user has to fix
 * is the one named.
 */
public final class PodPlacement {

    public static final String POD_NOT_FOUND = "PodNotFound";
    public static final String POD_IN_REALM = "PodInRealm";
    public static final String POD_NOT_PROMOTED = "PodNotPromoted";
    public static final String POD_NOT_STRETCHED = "PodNotStretched";

    private PodPlacement() {
    }

    /**
     * A pod as an array reports it.
     *
     * @param name            its full name: {@code pod}, or {@code realm::pod} inside a realm
     * @param foundOn         the registered array that reported it
     * @param promotionStatus {@code promoted}, {@code demoted} or {@code promoting}; null on arrays too old to say
     * @param arrays          the arrays it is stretched over (one for a local pod)
     */
    public record PodFacts(String name, String foundOn, boolean destroyed, String promotionStatus,
                           List<String> arrays) {
        public PodFacts {
            arrays = arrays == null ? List.of() : List.copyOf(arrays);
        }
    }

    /** A refusal: a stable reason and a message that names the pod, its realm or its arrays. */
    public record Refusal(String reason, String message, boolean retryable) {
    }

    /**
     * Of the pods of that name the arrays report, the one that counts: a live pod wins over a destroyed copy
     * (unstretching leaves one on the removed array).
     */
    public static Optional<PodFacts> pick(List<PodFacts> found) {
        return found.stream().filter(p -> !p.destroyed()).findFirst().or(() -> found.stream().findFirst());
    }

    /**
     * The member a volume is created through: the first registered member, by name, whose own view says the pod is
     * online on it (the volume is one volume on every member).
     */
    public static Optional<String> servingMember(List<String> registeredMembers, Predicate<String> onlineOn) {
        return registeredMembers.stream().sorted().filter(onlineOn).findFirst();
    }

    /**
     * @param requested  the pod name as the StorageClass gives it
     * @param found      the pod as an array reports it, or empty when no registered array has it
     * @param searched   the registered arrays that were asked
     * @param incomplete some configured arrays are not registered now (the pod may be on one of them)
     * @return why the pod cannot take the volume, or empty when it can
     */
    public static Optional<Refusal> check(String requested, Optional<PodFacts> found, List<String> searched,
                                          boolean incomplete) {
        if (found.isEmpty() || found.get().destroyed()) {
            String state = found.isPresent() ? " is destroyed (pending eradication) on " + found.get().foundOn()
                    : " does not exist on any registered FlashArray (" + String.join(", ", searched) + ")";
            return Optional.of(new Refusal(POD_NOT_FOUND, "Pod " + requested + state
                    + (incomplete ? "; some arrays of pure.json are not registered now" : ""), incomplete));
        }
        PodFacts pod = found.get();
        int realmEnd = pod.name().indexOf("::");
        if (realmEnd > 0) {
            String realm = pod.name().substring(0, realmEnd);
            return Optional.of(new Refusal(POD_IN_REALM, "Pod " + pod.name() + " on " + pod.foundOn()
                    + " is inside realm " + realm + "; ActiveCluster volumes cannot be placed in a pod that is in a "
                    + "realm: use a stretched pod outside any realm", false));
        }
        if (pod.promotionStatus() != null && !"promoted".equals(pod.promotionStatus())) {
            return Optional.of(new Refusal(POD_NOT_PROMOTED, "Pod " + pod.name() + " on " + pod.foundOn() + " is "
                    + pod.promotionStatus() + "; volumes can be created only in a promoted pod: promote it first",
                    "promoting".equals(pod.promotionStatus())));
        }
        if (pod.arrays().size() < 2) {
            return Optional.of(new Refusal(POD_NOT_STRETCHED, "Pod " + pod.name() + " exists only on "
                    + String.join(", ", pod.arrays().isEmpty() ? List.of(pod.foundOn()) : pod.arrays())
                    + "; an ActiveCluster volume needs a pod stretched over two arrays: stretch it to the second array",
                    false));
        }
        return Optional.empty();
    }
}
