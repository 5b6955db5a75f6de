package dev.mooring.health.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses the node that takes over a failed storage node: Online, storageless, in the same region and zone,
 * with its host initiators known (attach-svc needs them to build its host), and not already the replacement of
 * another takeover in flight. Among several, the one continuously Online the longest (the least likely to be
 * flapping itself), then by name — so the same cluster always gives the same answer.
 */
public final class ReplacementChoice {

    /** The order among eligible nodes: longest continuously Online first, then name. */
    public static final Comparator<Candidate> ORDER = Comparator
            .comparing(Candidate::onlineSince, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(Candidate::name);

    private ReplacementChoice() {
    }

    /** The outcome: a replacement, or why there is none (a stable reason and a message naming the zone). */
    public record Outcome(String replacement, String reason, String message) {

        public boolean chosen() {
            return replacement != null;
        }

        static Outcome of(String replacement) {
            return new Outcome(replacement, null, null);
        }

        static Outcome blocked(String reason, String message) {
            return new Outcome(null, reason, message);
        }
    }

    public static Outcome choose(String failedNode, String region, String zone, Collection<Candidate> nodes,
                                 Set<String> alreadyChosen) {
        String where = "zone " + zone + " (region " + region + ")";
        List<Candidate> sameZone = nodes.stream()
                .filter(n -> !n.name().equals(failedNode))
                .filter(n -> n.role() == NodeRole.storageless)
                .filter(n -> Objects.equals(n.region(), region) && Objects.equals(n.zone(), zone))
                .toList();
        if (sameZone.isEmpty()) {
            return Outcome.blocked("NoStoragelessNodeInZone", "no storageless node in " + where
                    + " can take over the drives of " + failedNode + "; add one, it is chosen when it appears");
        }
        List<Candidate> online = sameZone.stream().filter(n -> n.state() == NodeState.Online).toList();
        if (online.isEmpty()) {
            return Outcome.blocked("NoOnlineStoragelessNodeInZone", "no storageless node in " + where
                    + " is Online (" + names(sameZone) + "); " + failedNode + " is taken over when one is");
        }
        List<Candidate> withInitiators = online.stream().filter(Candidate::initiatorsKnown).toList();
        if (withInitiators.isEmpty()) {
            return Outcome.blocked("NoStoragelessNodeWithInitiators", "the Online storageless nodes of " + where
                    + " (" + names(online) + ") have no iSCSI IQN or FC WWN known yet");
        }
        List<Candidate> free = withInitiators.stream().filter(n -> !alreadyChosen.contains(n.name()))
                .sorted(ORDER).toList();
        if (free.isEmpty()) {
            return Outcome.blocked("StoragelessNodesAlreadyChosen", "every eligible storageless node of " + where
                    + " (" + names(withInitiators) + ") is already taking over another node");
        }
        return Outcome.of(free.get(0).name());
    }

    private static String names(List<Candidate> nodes) {
        return String.join(", ", nodes.stream().map(Candidate::name).sorted().toList());
    }
}
