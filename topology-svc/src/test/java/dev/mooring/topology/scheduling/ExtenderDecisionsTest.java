package dev.mooring.topology.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.scheduling.ExtenderDecisions.Candidate;
import dev.mooring.topology.scheduling.ExtenderDecisions.Domain;
import dev.mooring.topology.scheduling.ExtenderDecisions.FilterOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filter and prioritize rules, as kube-scheduler sees their outcome for a pod. */
class ExtenderDecisionsTest {

    private static final Domain SITE_A_ACTIVE = new Domain(Optional.of("site-a"), DomainState.active);
    private static final Domain SITE_A_INACTIVE = new Domain(Optional.of("site-a"), DomainState.inactive);
    private static final MooringVolume POOLED = MooringVolume.of("v-pool", "ns/db", Map.of("backend", "pool",
            "repl", "2"));
    private static final MooringVolume ON_ARRAYS = MooringVolume.of("v-fa", "ns/logs", Map.of("backend",
            "flasharray", "arrays", "fa-a,fa-b", "arrayVolumeName", "px_v", "pod", "pod1"));
    private static final Map<String, NodePlace> PLACES = Map.of(
            "n1", new NodePlace("n1", "east", "z1", "r1"),
            "n2", new NodePlace("n2", "east", "z1", "r1"),
            "n3", new NodePlace("n3", "east", "z2", "r3"),
            "n4", new NodePlace("n4", "west", "w1", "r9"));

    private static List<Candidate> candidates(String... names) {
        return java.util.Arrays.stream(names).map(n -> new Candidate(n, Map.of())).toList();
    }

    @Test
    void aPodWithoutMooringVolumesPassesEveryNodeEvenWhenTheDomainIsInactive() {
        FilterOutcome outcome = ExtenderDecisions.filter(SITE_A_INACTIVE, candidates("n1", "n2"), List.of(),
                PLACES, Map.of());
        assertThat(outcome.passed()).containsExactly("n1", "n2");
        assertThat(outcome.failed()).isEmpty();
    }

    @Test
    void whileTheDomainIsInactiveEveryNodeFailsNamingTheDomain() {
        FilterOutcome outcome = ExtenderDecisions.filter(SITE_A_INACTIVE, candidates("n1", "n2"), List.of(POOLED),
                PLACES, Map.of());
        assertThat(outcome.passed()).isEmpty();
        assertThat(outcome.failed()).containsOnlyKeys("n1", "n2");
        assertThat(outcome.failed().get("n1")).startsWith("cluster domain site-a is inactive: ");
    }

    @Test
    void aNodeLabelledWithAnotherDomainFails() {
        List<Candidate> nodes = List.of(new Candidate("n1", Map.of(ExtenderDecisions.DOMAIN_LABEL, "site-b")),
                new Candidate("n2", Map.of(ExtenderDecisions.DOMAIN_LABEL, "site-a")), new Candidate("n3", Map.of()));
        FilterOutcome outcome = ExtenderDecisions.filter(SITE_A_ACTIVE, nodes, List.of(POOLED), PLACES, Map.of());
        assertThat(outcome.passed()).containsExactly("n2", "n3");
        assertThat(outcome.failed().get("n1")).contains("cluster domain site-b");
    }

    @Test
    void nodesWhoseZoneReachesNoServingArrayFailUnlessNoNodeWouldBeLeft() {
        Map<String, ArrayReach.Zones> reach = Map.of("v-fa", new ArrayReach.Zones(false, Set.of("z1")));
        FilterOutcome outcome = ExtenderDecisions.filter(SITE_A_ACTIVE, candidates("n1", "n3", "n4"),
                List.of(ON_ARRAYS), PLACES, reach);
        assertThat(outcome.passed()).containsExactly("n1");
        assertThat(outcome.failed().get("n3")).contains("zone z2 has no up path to an array serving volume v-fa");

        FilterOutcome nobodyNear = ExtenderDecisions.filter(SITE_A_ACTIVE, candidates("n3", "n4"),
                List.of(ON_ARRAYS), PLACES, reach);
        assertThat(nobodyNear.passed()).containsExactly("n3", "n4");
        assertThat(nobodyNear.failed()).isEmpty();
        assertThat(nobodyNear.note()).hasValueSatisfying(note -> assertThat(note).contains("passing all 2"));
    }

    @Test
    void replicasScoreTheirNodeRackZoneAndRegionOnTheExtendersRange() {
        Map<String, List<NodePlace>> replicas = Map.of("v-pool", List.of(PLACES.get("n1")));
        Map<String, Integer> scores = ExtenderDecisions.prioritize(SITE_A_ACTIVE, List.of("n1", "n2", "n3", "n4"),
                List.of(POOLED), PLACES, replicas, Map.of());
        assertThat(scores).containsExactly(Map.entry("n1", 10), Map.entry("n2", 5), Map.entry("n3", 1),
                Map.entry("n4", 0));
    }

    @Test
    void severalVolumesAverageAndAnUnknownOneIsLeftOut() {
        Map<String, List<NodePlace>> replicas = Map.of("v-pool", List.of(PLACES.get("n1")));
        Map<String, ArrayReach.Zones> reach = Map.of("v-fa", new ArrayReach.Zones(false, Set.of("z2")));
        Map<String, Integer> scores = ExtenderDecisions.prioritize(SITE_A_ACTIVE, List.of("n1", "n3"),
                List.of(POOLED, ON_ARRAYS), PLACES, replicas, reach);
        // n1: (100 + 0) / 2 = 50 → 5; n3: (10 + 100) / 2 = 55 → 6 (rounded half up)
        assertThat(scores).containsExactly(Map.entry("n1", 5), Map.entry("n3", 6));

        Map<String, Integer> withoutReplicas = ExtenderDecisions.prioritize(SITE_A_ACTIVE, List.of("n1", "n3"),
                List.of(POOLED, ON_ARRAYS), PLACES, Map.of(), reach);
        assertThat(withoutReplicas).containsExactly(Map.entry("n1", 0), Map.entry("n3", 10));
    }

    @Test
    void storkScoresMapOntoZeroToTen() {
        assertThat(ExtenderDecisions.toExtenderRange(100)).isEqualTo(10);
        assertThat(ExtenderDecisions.toExtenderRange(50)).isEqualTo(5);
        assertThat(ExtenderDecisions.toExtenderRange(25)).isEqualTo(3);
        assertThat(ExtenderDecisions.toExtenderRange(10)).isEqualTo(1);
        assertThat(ExtenderDecisions.toExtenderRange(0)).isZero();
    }

    @Test
    void anInactiveDomainScoresEveryNodeZero() {
        assertThat(ExtenderDecisions.prioritize(SITE_A_INACTIVE, List.of("n1"), List.of(POOLED), PLACES,
                Map.of("v-pool", List.of(PLACES.get("n1"))), Map.of())).containsExactly(Map.entry("n1", 0));
    }
}
