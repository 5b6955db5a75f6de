package dev.mooring.topology.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTreeTest {

    @Test
    void nodesAreGroupedByRegionZoneAndRackWithUnsetLevelsLast() {
        List<TopologyTree.Region> tree = TopologyTree.build(List.of(
                member("n3", "r1", "label:px/region", "z2", "label:topology.kubernetes.io/zone", null, null),
                member("n1", "r1", "label:px/region", "z1", "px_env:PX_ZONE", "k1", "label:px/rack"),
                member("n2", "r1", "default", "z1", "label:topology.kubernetes.io/zone", null, null),
                member("n4", "r1", "default", null, null, null, null),
                member("n0", "r0", "default", "z1", "default", null, null)));

        assertThat(tree).extracting(TopologyTree.Region::name).containsExactly("r0", "r1");
        TopologyTree.Region r1 = tree.get(1);
        assertThat(r1.sources()).containsExactly("default", "label:px/region");
        assertThat(r1.zones()).extracting(TopologyTree.Zone::name).containsExactly("z1", "z2", null);
        TopologyTree.Zone z1 = r1.zones().get(0);
        assertThat(z1.sources()).containsExactly("label:topology.kubernetes.io/zone", "px_env:PX_ZONE");
        assertThat(z1.racks()).extracting(TopologyTree.Rack::name).containsExactly("k1", null);
        assertThat(z1.racks().get(0).nodes()).extracting(TopologyTree.Member::node).containsExactly("n1");
        assertThat(z1.racks().get(1).sources()).isEmpty();
        assertThat(r1.zones().get(2).racks().get(0).nodes()).extracting(TopologyTree.Member::node).containsExactly("n4");
    }

    @Test
    void anEmptyClusterIsAnEmptyTree() {
        assertThat(TopologyTree.build(List.of())).isEmpty();
    }

    private static TopologyTree.Member member(String node, String region, String regionSource, String zone,
                                              String zoneSource, String rack, String rackSource) {
        return new TopologyTree.Member(node, true, new NodeTopology(new LevelValue(region, regionSource),
                new LevelValue(zone, zoneSource), new LevelValue(rack, rackSource), List.of()));
    }
}
