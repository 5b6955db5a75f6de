package dev.mooring.topology.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster's topology as a tree: regions, their zones, their racks, their nodes. A level a node has no
 * value for (no rack; a level left unset by a conflict) is a branch named null, listed last. Each branch says
 * which sources put its nodes there; each node keeps its own sources and conflicts.
 */
public final class TopologyTree {

    private TopologyTree() {
    }

    /** A node with its derived topology. */
    public record Member(String node, boolean ready, NodeTopology topology) {
    }

    public record Region(String name, List<String> sources, List<Zone> zones) {
    }

    public record Zone(String name, List<String> sources, List<Rack> racks) {
    }

    public record Rack(String name, List<String> sources, List<Member> nodes) {
    }

    private static final Comparator<String> NULL_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    public static List<Region> build(Collection<Member> members) {
        return group(members, TopologyLevel.REGION).entrySet().stream()
                .map(region -> new Region(region.getKey(), sources(region.getValue(), TopologyLevel.REGION),
                        group(region.getValue(), TopologyLevel.ZONE).entrySet().stream()
                                .map(zone -> new Zone(zone.getKey(), sources(zone.getValue(), TopologyLevel.ZONE),
                                        group(zone.getValue(), TopologyLevel.RACK).entrySet().stream()
                                                .map(rack -> new Rack(rack.getKey(),
                                                        sources(rack.getValue(), TopologyLevel.RACK),
                                                        rack.getValue().stream()
                                                                .sorted(Comparator.comparing(Member::node)).toList()))
                                                .toList()))
                                .toList()))
                .toList();
    }

    private static Map<String, List<Member>> group(Collection<Member> members, TopologyLevel level) {
        Function<Member, String> key = m -> m.topology().level(level).value();
        Map<String, List<Member>> groups = new TreeMap<>(NULL_LAST);
        for (Member member : members) {
            groups.computeIfAbsent(key.apply(member), k -> new ArrayList<>()).add(member);
        }
        return groups;
    }

    private static List<String> sources(List<Member> members, TopologyLevel level) {
        return List.copyOf(members.stream().map(m -> m.topology().level(level).source()).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new)));
    }
}
