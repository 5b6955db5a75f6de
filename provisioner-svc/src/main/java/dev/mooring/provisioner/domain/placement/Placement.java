package dev.mooring.provisioner.domain.placement;

import dev.mooring.provisioner.domain.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replica placement for pool-backed volumes (docs/architecture.md, "Replica placement"): a pure, deterministic
 * function of the request and the candidate pools. The rules, in order:
 * <ol>
 *   <li>hard: the StorageClass's {@code regions}, {@code zones} and {@code racks}; enough free space;</li>
 *   <li>hard: never two replicas on one node, never two on one FlashArray volume (drive);</li>
 *   <li>when the eligible pools span regions, all replicas stay in one region;</li>
 *   <li>when more than one array serves, replicas go to different arrays (as many pairs as possible);</li>
 *   <li>when the pools span zones, replicas spread across zones (as many zones as possible);</li>
 *   <li>then the most free space, then the pool id, so the same inputs always give the same placement.</li>
 * </ol>
 * Rules 4 and 5 are preferences that are met as far as the pools allow (three replicas over two zones put
 * two in one zone, as Portworx does); what could not be met is said in the reasons.
 */
public final class Placement {

    /** The reason of a volume whose replicas cannot be placed now; more capacity may change that. */
    public static final String IMPOSSIBLE = "PlacementImpossible";

    private static final Comparator<CandidatePool> MOST_FREE_FIRST = Comparator
            .comparingLong(CandidatePool::freeBytes).reversed().thenComparing(CandidatePool::poolId);

    private Placement() {
    }

    public static PlacementResult place(PlacementRequest request, Collection<CandidatePool> candidates) {
        List<String> reasons = new ArrayList<>();
        List<CandidatePool> byId = candidates.stream().sorted(Comparator.comparing(CandidatePool::poolId)).toList();
        String what = request.repl() + " replica" + (request.repl() == 1 ? "" : "s") + " of "
                + Quantity.format(request.sizeBytes());
        if (byId.isEmpty()) {
            return new PlacementResult.Impossible("Cannot place " + what + ": no storage pool is Online",
                    List.of("no Online storage pool: storage nodes get pools once their drives are attached"));
        }
        List<CandidatePool> eligible = new ArrayList<>();
        Map<String, Integer> excludedBy = new TreeMap<>();
        for (CandidatePool pool : byId) {
            Optional<String[]> exclusion = hardExclusion(request, pool);
            if (exclusion.isPresent()) {
                excludedBy.merge(exclusion.get()[0], 1, Integer::sum);
                reasons.add(pool.label() + ": excluded: " + exclusion.get()[1]);
            } else {
                eligible.add(pool);
            }
        }
        Map<String, List<CandidatePool>> byRegion = new TreeMap<>();
        eligible.forEach(pool -> byRegion.computeIfAbsent(show(pool.region()), r -> new ArrayList<>()).add(pool));

        Map<String, Choice> bestPerRegion = new TreeMap<>();
        byRegion.forEach((region, pools) -> search(pools, request.repl()).ifPresent(c -> bestPerRegion.put(region, c)));
        if (bestPerRegion.isEmpty()) {
            return new PlacementResult.Impossible("Cannot place " + what + ": "
                    + whyNone(request, byId.size(), eligible, byRegion, excludedBy), reasons);
        }
        String region = bestPerRegion.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Choice>, Choice>comparing(Map.Entry::getValue, Choice.BETTER_FIRST)
                        .thenComparing(Map.Entry::getKey))
                .findFirst().orElseThrow().getKey();
        Choice choice = bestPerRegion.get(region);
        List<String> decision = new ArrayList<>();
        if (byRegion.size() > 1) {
            decision.add("nodes span regions " + String.join(", ", byRegion.keySet()) + ": all replicas stay in one "
                    + "region; region " + region + " gives the best placement");
            for (Map.Entry<String, List<CandidatePool>> other : byRegion.entrySet()) {
                if (!other.getKey().equals(region)) {
                    other.getValue().forEach(pool -> reasons.add(pool.label() + ": excluded: in region "
                            + other.getKey() + "; the replicas stay in region " + region));
                }
            }
        }
        List<CandidatePool> inRegion = byRegion.get(region);
        decision.addAll(explain(choice, inRegion, request.repl()));
        List<String> all = new ArrayList<>();
        all.add("placed " + what + " in zones " + String.join(", ", zones(choice.pools)) + " on arrays "
                + String.join(", ", arrays(choice.pools)) + " (" + eligible.size() + " of " + byId.size()
                + " Online pools eligible)");
        all.addAll(decision);
        all.addAll(reasons);
        all.add("ranking: among placements that keep these rules equally well, the pools with the most free space "
                + "win, then the lower pool id");
        return new PlacementResult.Placed(choice.pools, all);
    }

    /** Null or blank topology values are shown (and grouped) as {@code -}. */
    static String show(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    /** The first hard rule a pool breaks on its own: [rule, reason]. */
    private static Optional<String[]> hardExclusion(PlacementRequest request, CandidatePool pool) {
        if (!request.regions().isEmpty() && !request.regions().contains(show(pool.region()))) {
            return Optional.of(new String[]{"regions", "region " + show(pool.region()) + " is not one of regions "
                    + sorted(request.regions())});
        }
        if (!request.zones().isEmpty() && !request.zones().contains(show(pool.zone()))) {
            return Optional.of(new String[]{"zones", "zone " + show(pool.zone()) + " is not one of zones "
                    + sorted(request.zones())});
        }
        if (!request.racks().isEmpty() && !request.racks().contains(show(pool.rack()))) {
            return Optional.of(new String[]{"racks", "rack " + show(pool.rack()) + " is not one of racks "
                    + sorted(request.racks())});
        }
        if (pool.freeBytes() < request.sizeBytes()) {
            return Optional.of(new String[]{"free space", "not enough free space: " + Quantity.format(
                    Math.max(0, pool.freeBytes())) + " free, the replica needs " + Quantity.format(request.sizeBytes())});
        }
        return Optional.empty();
    }

    /** The best placement of {@code repl} replicas among pools of one region, if any is allowed. */
    private static Optional<Choice> search(List<CandidatePool> pools, int repl) {
        List<CandidatePool> ordered = shortlist(pools.stream().sorted(MOST_FREE_FIRST).toList(), repl);
        Set<String> allArrays = new HashSet<>();
        Set<String> allZones = new HashSet<>();
        ordered.forEach(p -> {
            allArrays.addAll(p.arrays());
            allZones.add(show(p.zone()));
        });
        boolean severalArrays = allArrays.size() > 1;
        // The best conceivable score: once met, no later (less free) combination can beat the one found.
        // Replicas spread as evenly as can be over the arrays share an array in the fewest pairs.
        int pairs = repl * (repl - 1) / 2;
        int arrays = Math.max(1, allArrays.size());
        int perArray = repl / arrays;
        int oneMore = repl % arrays;
        int sharing = oneMore * (perArray + 1) * perArray / 2 + (arrays - oneMore) * perArray * (perArray - 1) / 2;
        Score ceiling = new Score(severalArrays ? pairs - sharing : 0, Math.min(repl, allZones.size()));
        Search search = new Search(ordered, repl, severalArrays, ceiling);
        search.run(0, new ArrayList<>());
        return Optional.ofNullable(search.best);
    }

    /**
     * Pools alike for the preferences (same zone, same arrays) differ only in free space: a placement never
     * needs more than {@code repl} of them on different nodes, and the roomiest come first. Keeping only those
     * bounds the search however many pools there are, and changes no result. (Skipped in the pathological case
     * of pools sharing a drive, where a roomier twin might not be allowed beside another replica.)
     */
    private static List<CandidatePool> shortlist(List<CandidatePool> mostFreeFirst, int repl) {
        Set<String> drives = new HashSet<>();
        for (CandidatePool pool : mostFreeFirst) {
            for (String drive : pool.driveVolumes()) {
                if (!drives.add(drive)) {
                    return mostFreeFirst;
                }
            }
        }
        Map<String, Set<String>> nodesPerKind = new java.util.HashMap<>();
        List<CandidatePool> kept = new ArrayList<>();
        for (CandidatePool pool : mostFreeFirst) {
            Set<String> nodes = nodesPerKind.computeIfAbsent(show(pool.zone()) + "|" + new TreeSet<>(pool.arrays()),
                    kind -> new HashSet<>());
            if (nodes.size() < repl && nodes.add(pool.node())) {
                kept.add(pool);
            }
        }
        return kept;
    }

    /** Exhaustive over combinations (repl is at most 3), in most-free-first order, stopping at the ceiling. */
    private static final class Search {
        private final List<CandidatePool> ordered;
        private final int repl;
        private final boolean severalArrays;
        private final Score ceiling;
        private Choice best;

        Search(List<CandidatePool> ordered, int repl, boolean severalArrays, Score ceiling) {
            this.ordered = ordered;
            this.repl = repl;
            this.severalArrays = severalArrays;
            this.ceiling = ceiling;
        }

        /** @return true to stop: the ceiling was reached */
        boolean run(int from, List<CandidatePool> chosen) {
            if (chosen.size() == repl) {
                Score score = Score.of(chosen, severalArrays);
                if (best == null || score.compareTo(best.score) > 0) {
                    best = new Choice(List.copyOf(chosen), score, severalArrays);
                }
                return score.compareTo(ceiling) >= 0;
            }
            for (int i = from; i < ordered.size(); i++) {
                CandidatePool next = ordered.get(i);
                if (chosen.stream().anyMatch(c -> c.node().equals(next.node()) || shareDrive(c, next))) {
                    continue; // hard: one replica per node, one per FlashArray volume
                }
                chosen.add(next);
                boolean stop = run(i + 1, chosen);
                chosen.remove(chosen.size() - 1);
                if (stop) {
                    return true;
                }
            }
            return false;
        }
    }

    /** How well a combination keeps the preferences: replica pairs on different arrays, then distinct zones. */
    private record Score(int disjointArrayPairs, int zones) implements Comparable<Score> {
        static Score of(List<CandidatePool> pools, boolean severalArrays) {
            int disjoint = 0;
            if (severalArrays) {
                for (int i = 0; i < pools.size(); i++) {
                    for (int j = i + 1; j < pools.size(); j++) {
                        if (!overlap(pools.get(i).arrays(), pools.get(j).arrays())) {
                            disjoint++;
                        }
                    }
                }
            }
            return new Score(disjoint, (int) pools.stream().map(p -> show(p.zone())).distinct().count());
        }

        @Override
        public int compareTo(Score other) {
            int byArrays = Integer.compare(disjointArrayPairs, other.disjointArrayPairs);
            return byArrays != 0 ? byArrays : Integer.compare(zones, other.zones);
        }
    }

    private record Choice(List<CandidatePool> pools, Score score, boolean severalArrays) {
        static final Comparator<Choice> BETTER_FIRST = Comparator.comparing(Choice::score).reversed()
                .thenComparing(Comparator.comparingLong(Choice::totalFree).reversed());

        long totalFree() {
            return pools.stream().mapToLong(CandidatePool::freeBytes).sum();
        }
    }

    private static List<String> explain(Choice choice, List<CandidatePool> inRegion, int repl) {
        List<String> lines = new ArrayList<>();
        int pairs = repl * (repl - 1) / 2;
        Set<String> regionArrays = new TreeSet<>();
        Set<String> regionZones = new TreeSet<>();
        inRegion.forEach(p -> {
            regionArrays.addAll(p.arrays());
            regionZones.add(show(p.zone()));
        });
        if (repl > 1 && choice.severalArrays) {
            lines.add("arrays " + String.join(", ", regionArrays) + " serve the pools: replicas go to different "
                    + "arrays" + (choice.score.disjointArrayPairs == pairs ? ""
                    : " where they can (" + choice.score.disjointArrayPairs + " of " + pairs
                    + " replica pairs are on different arrays; the other pools would break a harder rule)"));
        }
        if (repl > 1 && regionZones.size() > 1) {
            lines.add("nodes span zones " + String.join(", ", regionZones) + ": replicas spread across zones"
                    + (choice.score.zones == repl ? "" : " (" + choice.score.zones + " zones for " + repl
                    + " replicas)"));
        }
        for (int i = 0; i < choice.pools.size(); i++) {
            CandidatePool pool = choice.pools.get(i);
            lines.add("replica " + (i + 1) + ": " + pool.describe() + ", " + Quantity.format(pool.freeBytes())
                    + " free");
        }
        Map<String, CandidatePool> chosenById = new LinkedHashMap<>();
        choice.pools.forEach(p -> chosenById.put(p.poolId(), p));
        for (CandidatePool pool : inRegion.stream().sorted(Comparator.comparing(CandidatePool::poolId)).toList()) {
            if (!chosenById.containsKey(pool.poolId())) {
                lines.add(pool.label() + ": not chosen: " + whyNotChosen(pool, choice));
            }
        }
        return lines;
    }

    private static String whyNotChosen(CandidatePool pool, Choice choice) {
        List<CandidatePool> chosen = choice.pools;
        for (int i = 0; i < chosen.size(); i++) {
            if (chosen.get(i).node().equals(pool.node())) {
                return "node " + pool.node() + " holds replica " + (i + 1) + "; never two replicas on one node";
            }
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (shareDrive(chosen.get(i), pool)) {
                return "it shares a FlashArray volume with replica " + (i + 1)
                        + "; never two replicas on one FlashArray volume";
            }
        }
        if (choice.severalArrays) {
            for (int i = 0; i < chosen.size(); i++) {
                if (overlap(chosen.get(i).arrays(), pool.arrays())) {
                    return "its array(s) " + pool.arrayNames() + " hold replica " + (i + 1)
                            + "; replicas go to different arrays";
                }
            }
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (show(chosen.get(i).zone()).equals(show(pool.zone())) && choice.score.zones > 1) {
                return "zone " + show(pool.zone()) + " holds replica " + (i + 1) + "; replicas spread across zones";
            }
        }
        long least = chosen.stream().mapToLong(CandidatePool::freeBytes).min().orElse(0);
        return pool.freeBytes() == least ? "as much free space as the chosen pools, and a later pool id"
                : "less free space (" + Quantity.format(pool.freeBytes()) + ") than the chosen pools";
    }

    private static String whyNone(PlacementRequest request, int online, List<CandidatePool> eligible,
                                  Map<String, List<CandidatePool>> byRegion, Map<String, Integer> excludedBy) {
        StringBuilder why = new StringBuilder();
        long nodes = eligible.stream().map(CandidatePool::node).distinct().count();
        if (eligible.isEmpty()) {
            why.append("none of the ").append(online).append(" Online pools is eligible");
        } else if (byRegion.size() > 1 && nodes >= request.repl()) {
            why.append("replicas stay in one region, and no region has ").append(request.repl())
                    .append(" eligible pools on different nodes (");
            List<String> perRegion = new ArrayList<>();
            byRegion.forEach((region, pools) -> perRegion.add(region + ": "
                    + pools.stream().map(CandidatePool::node).distinct().count() + " node(s)"));
            why.append(String.join(", ", perRegion)).append(")");
        } else {
            why.append(request.repl()).append(" replicas need pools on ").append(request.repl())
                    .append(" different nodes; the ").append(eligible.size()).append(" eligible pool(s) of ")
                    .append(online).append(" Online are on ").append(nodes).append(" node(s)");
        }
        if (!excludedBy.isEmpty()) {
            List<String> counts = new ArrayList<>();
            excludedBy.forEach((rule, count) -> counts.add(count + " by " + rule));
            why.append("; excluded: ").append(String.join(", ", counts));
        }
        return why.toString();
    }

    private static boolean shareDrive(CandidatePool a, CandidatePool b) {
        return overlap(a.driveVolumes(), b.driveVolumes());
    }

    private static boolean overlap(Set<String> a, Set<String> b) {
        return a.stream().anyMatch(b::contains);
    }

    private static Set<String> zones(List<CandidatePool> pools) {
        Set<String> zones = new TreeSet<>();
        pools.forEach(p -> zones.add(show(p.zone())));
        return zones;
    }

    private static Set<String> arrays(List<CandidatePool> pools) {
        Set<String> arrays = new TreeSet<>();
        pools.forEach(p -> arrays.addAll(p.arrays()));
        return arrays;
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }
}
