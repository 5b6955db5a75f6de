package dev.mooring.health.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which node takes over a failed storage node of region r1, zone z1, and why none can. */
class ReplacementChoiceTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Candidate node(String name, NodeRole role, NodeState state, String region, String zone,
                                  boolean initiators, int onlineSinceMinute) {
        return new Candidate(name, role, state, region, zone, initiators, T.plusSeconds(60L * onlineSinceMinute));
    }

    private static Candidate spare(String name, int onlineSinceMinute) {
        return node(name, NodeRole.storageless, NodeState.Online, "r1", "z1", true, onlineSinceMinute);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the one storageless node of the zone",
                        List.of(spare("s1", 0)), Set.of(), "s1", null),
                Arguments.of("longest continuously online first",
                        List.of(spare("s-b", 5), spare("s-a", 9), spare("s-c", 1)), Set.of(), "s-c", null),
                Arguments.of("same online time: by name",
                        List.of(spare("s-b", 5), spare("s-a", 5)), Set.of(), "s-a", null),
                Arguments.of("the failed node itself is never its own replacement",
                        List.of(spare("failed", 0), spare("s1", 3)), Set.of(), "s1", null),
                Arguments.of("a storage node is no candidate",
                        List.of(node("st", NodeRole.storage, NodeState.Online, "r1", "z1", true, 0), spare("s1", 3)),
                        Set.of(), "s1", null),
                Arguments.of("a node without a role is no candidate",
                        List.of(new Candidate("x", null, NodeState.Online, "r1", "z1", true, T)), Set.of(), null,
                        "NoStoragelessNodeInZone"),
                Arguments.of("another zone does not count",
                        List.of(node("s2", NodeRole.storageless, NodeState.Online, "r1", "z2", true, 0)), Set.of(),
                        null, "NoStoragelessNodeInZone"),
                Arguments.of("the same zone name in another region does not count",
                        List.of(node("s2", NodeRole.storageless, NodeState.Online, "r2", "z1", true, 0)), Set.of(),
                        null, "NoStoragelessNodeInZone"),
                Arguments.of("no node at all", List.of(), Set.of(), null, "NoStoragelessNodeInZone"),
                Arguments.of("storageless but offline",
                        List.of(node("s1", NodeRole.storageless, NodeState.Offline, "r1", "z1", true, 0)), Set.of(),
                        null, "NoOnlineStoragelessNodeInZone"),
                Arguments.of("storageless, online, taken over itself before and back: a candidate",
                        List.of(spare("back", 2)), Set.of(), "back", null),
                Arguments.of("initiators not known yet",
                        List.of(node("s1", NodeRole.storageless, NodeState.Online, "r1", "z1", false, 0)), Set.of(),
                        null, "NoStoragelessNodeWithInitiators"),
                Arguments.of("a node without initiators is skipped for one with",
                        List.of(node("s1", NodeRole.storageless, NodeState.Online, "r1", "z1", false, 0),
                                spare("s2", 4)), Set.of(), "s2", null),
                Arguments.of("already chosen for another takeover",
                        List.of(spare("s1", 0)), Set.of("s1"), null, "StoragelessNodesAlreadyChosen"),
                Arguments.of("the next one when the first is chosen already",
                        List.of(spare("s1", 0), spare("s2", 1)), Set.of("s1"), "s2", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheReplacement(String scenario, List<Candidate> nodes, Set<String> chosen, String expected,
                               String reason) {
        ReplacementChoice.Outcome outcome = ReplacementChoice.choose("failed", "r1", "z1", nodes, chosen);

        assertThat(outcome.replacement()).isEqualTo(expected);
        assertThat(outcome.reason()).isEqualTo(reason);
        if (reason != null) {
            assertThat(outcome.message()).contains("zone z1").contains("region r1");
        }
    }
}
