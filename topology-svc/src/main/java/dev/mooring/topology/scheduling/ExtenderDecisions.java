package dev.mooring.topology.scheduling;

import dev.mooring.topology.dr.domain.DomainState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler extender's rules, free of I/O: which candidate nodes a pod with Mooring volumes may run on (filter),
 * and how well placed each is for its data (prioritize).
 *
 * <p>Filter: a pod without Mooring volumes passes every node. One with them runs only in the active cluster domain:
 * every node fails while this domain is inactive, and a node labelled {@link #DOMAIN_LABEL} with another domain's name
 * fails always. For FlashArray volumes a node fails when its zone reaches no array serving the volume — unless that
 * would leave no node at all: then all pass (better a pod far from its data than none) and the outcome says so.
 *
 * <p>Prioritize: each volume scores a node on Stork's 0–100 scale ({@link Locality} for pool-backed volumes from
 * their replicas' places; 100 or 0 for FlashArray volumes by whether the node's zone reaches a serving array); a
 * node's score is the average over the volumes scored (so it stays on 0–100 and one volume far away costs in
 * proportion), divided by ten and rounded to kube-scheduler's extender range 0–{@link #MAX_EXTENDER_PRIORITY}.
 */
public final class ExtenderDecisions {

    /** A Node label naming the cluster domain the node belongs to. */
    public static final String DOMAIN_LABEL = "dr.mooring.dev/cluster-domain";

    /** kube-scheduler's MaxExtenderPriority: it multiplies an extender's score by weight × (100 / 10). */
    public static final int MAX_EXTENDER_PRIORITY = 10;

    /** This installation's cluster domain as the rules need it. */
    public record Domain(Optional<String> name, DomainState state) {
    }

    /** A node the scheduler offers, with the labels it sent (none when it sends only names). */
    public record Candidate(String name, Map<String, String> labels) {
    }

    /** The nodes that passed, why each other failed, and a note for the log when the rules had to give way. */
    public record FilterOutcome(List<String> passed, Map<String, String> failed, Optional<String> note) {
    }

    private ExtenderDecisions() {
    }

    /**
     * The filter verb.
     *
     * @param places where each candidate is (a candidate missing here counts as in no known zone)
     * @param reach  for each FlashArray volume id, the zones that reach it now
     */
    public static FilterOutcome filter(Domain domain, List<Candidate> candidates, List<MooringVolume> volumes,
                                       Map<String, NodePlace> places, Map<String, ArrayReach.Zones> reach) {
        List<String> names = candidates.stream().map(Candidate::name).toList();
        if (volumes.isEmpty()) {
            return new FilterOutcome(names, Map.of(), Optional.empty());
        }
        Map<String, String> failed = new LinkedHashMap<>();
        String domainName = domain.name().orElse("(unnamed)");
        if (domain.state() == DomainState.inactive) {
            String reason = "cluster domain " + domainName + " is inactive: pods with Mooring volumes run only in"
                    + " the active domain";
            candidates.forEach(c -> failed.put(c.name(), reason));
            return new FilterOutcome(List.of(), failed, Optional.empty());
        }
        List<Candidate> inDomain = new ArrayList<>();
        for (Candidate c : candidates) {
            String labelled = c.labels().get(DOMAIN_LABEL);
            if (domain.name().isPresent() && labelled != null && !labelled.isBlank()
                    && !labelled.equals(domain.name().get())) {
                failed.put(c.name(), "node belongs to cluster domain " + labelled + ", not to " + domainName
                        + " where its Mooring volumes are active");
            } else {
                inDomain.add(c);
            }
        }
        List<String> passed = new ArrayList<>();
        Map<String, String> farFromArrays = new LinkedHashMap<>();
        for (Candidate c : inDomain) {
            NodePlace place = places.getOrDefault(c.name(), NodePlace.unknown(c.name()));
            unreached(place, volumes, reach).ifPresentOrElse(reason -> farFromArrays.put(c.name(), reason),
                    () -> passed.add(c.name()));
        }
        if (passed.isEmpty() && !farFromArrays.isEmpty()) {
            return new FilterOutcome(inDomain.stream().map(Candidate::name).toList(), failed, Optional.of(
                    "no candidate node's zone reaches an array serving the pod's FlashArray volumes ("
                            + farFromArrays.values().iterator().next() + "); passing all "
                            + farFromArrays.size() + " of them rather than none"));
        }
        failed.putAll(farFromArrays);
        return new FilterOutcome(passed, failed, Optional.empty());
    }

    /** Why a node's zone reaches no array serving one of the FlashArray volumes, if so. */
    private static Optional<String> unreached(NodePlace place, List<MooringVolume> volumes,
                                              Map<String, ArrayReach.Zones> reach) {
        for (MooringVolume v : volumes) {
            if (v.poolBacked()) {
                continue;
            }
            ArrayReach.Zones zones = reach.getOrDefault(v.id(), ArrayReach.Zones.NONE);
            if (!zones.reaches(place.zone())) {
                return Optional.of("zone " + (place.zone() == null ? "(unknown)" : place.zone())
                        + " has no up path to an array serving volume " + v.id() + " (claim " + v.claim() + ")"
                        + (zones.isEmpty() ? ": no array serves it now" : ": arrays serving it are in zones "
                        + zones.zones().stream().sorted().toList()));
            }
        }
        return Optional.empty();
    }

    /**
     * The prioritize verb: a score 0–10 per candidate, in the candidates' order.
     *
     * @param replicas for each pool-backed volume id whose replicas are known, where they are; a volume missing here
     *                 is left out of the average (scored without that input)
     */
    public static Map<String, Integer> prioritize(Domain domain, List<String> candidates, List<MooringVolume> volumes,
                                                  Map<String, NodePlace> places,
                                                  Map<String, List<NodePlace>> replicas,
                                                  Map<String, ArrayReach.Zones> reach) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (String node : candidates) {
            scores.put(node, domain.state() == DomainState.inactive ? 0
                    : toExtenderRange(storkScore(places.getOrDefault(node, NodePlace.unknown(node)), volumes,
                    replicas, reach)));
        }
        return scores;
    }

    /** A node's score on Stork's 0–100 scale: the average over the volumes that could be scored; none: 0. */
    static double storkScore(NodePlace place, List<MooringVolume> volumes, Map<String, List<NodePlace>> replicas,
                             Map<String, ArrayReach.Zones> reach) {
        int sum = 0;
        int scored = 0;
        for (MooringVolume v : volumes) {
            if (v.poolBacked()) {
                List<NodePlace> where = replicas.get(v.id());
                if (where == null) {
                    continue;
                }
                sum += Locality.score(place, where);
            } else {
                sum += reach.getOrDefault(v.id(), ArrayReach.Zones.NONE).reaches(place.zone())
                        ? Locality.NODE : Locality.NONE;
            }
            scored++;
        }
        return scored == 0 ? 0 : (double) sum / scored;
    }

    /** Stork's 0–100 onto the extender's 0–10 (100 → 10, 50 → 5, 25 → 3, 10 → 1). */
    static int toExtenderRange(double storkScore) {
        return (int) Math.min(MAX_EXTENDER_PRIORITY, Math.round(storkScore / 10.0));
    }
}
