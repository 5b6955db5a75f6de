package dev.mooring.topology.rest;

import dev.mooring.topology.domain.TopologyTree;
import java.util.List;
import java.util.Map;

/**
 * The cluster's topology tree: region → zone → rack → nodes. A branch named null holds the nodes with no
 * value at that level (no rack, or a level left unset by a conflict). Each branch lists the sources that put
 * its nodes there; each node lists its own source per level and its conflicts; all conflicts are also listed
 * at the top.
 */
public record TopologyView(int nodes, List<RegionView> regions, List<ConflictView> conflicts) {

    public record RegionView(String name, List<String> sources, List<ZoneView> zones) {
    }

    public record ZoneView(String name, List<String> sources, List<RackView> racks) {
    }

    public record RackView(String name, List<String> sources, List<NodeView> nodes) {
    }

    /** A node in the tree: its per-level sources ({@code region}, {@code zone}, {@code rack}) and conflicts. */
    public record NodeView(String name, boolean ready, Map<String, String> sources, List<String> conflicts) {
    }

    public record ConflictView(String node, String conflict) {
    }

    static TopologyView of(List<TopologyTree.Member> members) {
        List<RegionView> regions = TopologyTree.build(members).stream()
                .map(region -> new RegionView(region.name(), region.sources(), region.zones().stream()
                        .map(zone -> new ZoneView(zone.name(), zone.sources(), zone.racks().stream()
                                .map(rack -> new RackView(rack.name(), rack.sources(), rack.nodes().stream()
                                        .map(TopologyView::node).toList()))
                                .toList()))
                        .toList()))
                .toList();
        List<ConflictView> conflicts = members.stream()
                .sorted(java.util.Comparator.comparing(TopologyTree.Member::node))
                .flatMap(m -> m.topology().conflicts().stream().map(c -> new ConflictView(m.node(), c)))
                .toList();
        return new TopologyView(members.size(), regions, conflicts);
    }

    private static NodeView node(TopologyTree.Member member) {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        sources.put("region", member.topology().region().source());
        sources.put("zone", member.topology().zone().source());
        sources.put("rack", member.topology().rack().source());
        return new NodeView(member.node(), member.ready(), sources, member.topology().conflicts());
    }
}
