package dev.mooring.provisioner.domain.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    private static final long GI = 1L << 30;

    /**
     * A pool: {@code id node region zone rack freeGi arrays}, arrays joined by '+'. Each pool's drive is
     * {@code <array>/<id>-drive} unless the scenario says otherwise.
     */
    private static CandidatePool pool(String spec) {
        String[] f = spec.trim().split("\\s+");
        Set<String> arrays = Set.of(f[6].split("\\+"));
        return new CandidatePool(f[0], f[1], f[2], f[3], f[4], Long.parseLong(f[5]) * GI, arrays,
                Set.copyOf(arrays.stream().map(a -> a + "/" + f[0] + "-drive").toList()));
    }

    private static List<CandidatePool> pools(String... specs) {
        return Arrays.stream(specs).map(PlacementTest::pool).toList();
    }

    private static PlacementRequest repl(int repl) {
        return new PlacementRequest(10 * GI, repl, Set.of(), Set.of(), Set.of());
    }

    /** Scenario, request, pools, the pool ids expected (or "impossible"), and a reason that must be given. */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("one zone, one array: most free space, then pool id", repl(2),
                        pools("p1 n1 r1 z1 k1 50 A", "p2 n2 r1 z1 k1 80 A", "p3 n3 r1 z1 k1 80 A"),
                        "p2,p3", "pool p1 (node n1): not chosen: less free space (50Gi) than the chosen pools"),
                Arguments.of("three zones: one replica per zone, even over a roomier pool", repl(3),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z1 k1 90 A", "p3 n3 r1 z2 k1 50 A",
                                "p4 n4 r1 z3 k1 40 A"),
                        "p1,p3,p4", "pool p2 (node n2): not chosen: zone z1 holds replica 1; replicas spread across zones"),
                Arguments.of("three replicas over two zones: two share a zone, as Portworx does", repl(3),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z1 k1 90 A", "p3 n3 r1 z2 k1 50 A"),
                        "p1,p2,p3", "replicas spread across zones (2 zones for 3 replicas)"),
                Arguments.of("two regions: all replicas in the region that can hold them", repl(2),
                        pools("p1 n1 r1 z1 k1 50 A", "p2 n2 r1 z2 k1 40 B", "p3 n3 r2 z9 k1 500 A"),
                        "p1,p2", "pool p3 (node n3): excluded: in region r2; the replicas stay in region r1"),
                Arguments.of("two regions, one replica: the roomiest pool's region", repl(1),
                        pools("p1 n1 r1 z1 k1 50 A", "p3 n3 r2 z9 k1 500 A"),
                        "p3", "nodes span regions r1, r2: all replicas stay in one region"),
                Arguments.of("racks named: only those racks", new PlacementRequest(10 * GI, 2, Set.of(),
                                Set.of("rack2", "rack3"), Set.of()),
                        pools("p1 n1 r1 z1 rack1 500 A", "p2 n2 r1 z1 rack2 40 A", "p3 n3 r1 z1 rack3 30 A"),
                        "p2,p3", "pool p1 (node n1): excluded: rack rack1 is not one of racks rack2, rack3"),
                Arguments.of("zones named: only those zones", new PlacementRequest(10 * GI, 1, Set.of("z2"), Set.of(),
                                Set.of()),
                        pools("p1 n1 r1 z1 k1 500 A", "p2 n2 r1 z2 k1 40 A"),
                        "p2", "pool p1 (node n1): excluded: zone z1 is not one of zones z2"),
                Arguments.of("regions named: only those regions", new PlacementRequest(10 * GI, 1, Set.of(), Set.of(),
                                Set.of("r2")),
                        pools("p1 n1 r1 z1 k1 500 A", "p2 n2 r2 z2 k1 40 A"),
                        "p2", "pool p1 (node n1): excluded: region r1 is not one of regions r2"),
                Arguments.of("full pools are excluded", repl(2),
                        pools("p1 n1 r1 z1 k1 5 A", "p2 n2 r1 z1 k1 10 A", "p3 n3 r1 z1 k1 30 A"),
                        "p3,p2", "pool p1 (node n1): excluded: not enough free space: 5Gi free, the replica needs 10Gi"),
                Arguments.of("two pools on one array: the replicas land on different arrays", repl(2),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z1 k1 90 A", "p3 n3 r1 z1 k1 20 B"),
                        "p1,p3", "pool p2 (node n2): not chosen: its array(s) A hold replica 1; replicas go to different arrays"),
                Arguments.of("different arrays and different zones together", repl(2),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z1 k1 90 B", "p3 n3 r1 z2 k1 80 A",
                                "p4 n4 r1 z2 k1 20 B"),
                        "p1,p4", "replica 2: pool p4 (node n4, region r1, zone z2, rack k1, arrays B)"),
                Arguments.of("never two replicas on one node", repl(2),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n1 r1 z2 k1 90 B", "p3 n3 r1 z2 k1 10 B"),
                        "p1,p3", "pool p2 (node n1): not chosen: node n1 holds replica 1; never two replicas on one node"),
                Arguments.of("repl larger than the candidates", repl(3),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z2 k1 90 B"),
                        "impossible", "3 replicas need pools on 3 different nodes; the 2 eligible pool(s) of 2 Online"
                                + " are on 2 node(s)"),
                Arguments.of("named zones leave too few pools", new PlacementRequest(10 * GI, 2, Set.of("z1"), Set.of(),
                                Set.of()),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z2 k1 90 B", "p3 n3 r1 z3 k1 90 B"),
                        "impossible", "excluded: 2 by zones"),
                Arguments.of("every pool full", repl(1),
                        pools("p1 n1 r1 z1 k1 1 A", "p2 n2 r1 z2 k1 2 B"),
                        "impossible", "none of the 2 Online pools is eligible; excluded: 2 by free space"),
                Arguments.of("no pool at all", repl(1), List.of(),
                        "impossible", "no storage pool is Online"),
                Arguments.of("regions each too small for all replicas", repl(2),
                        pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r2 z2 k1 90 B"),
                        "impossible", "replicas stay in one region, and no region has 2 eligible pools on different nodes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void placesByTheRules(String scenario, PlacementRequest request, List<CandidatePool> pools, String expected,
                          String reason) {
        PlacementResult result = Placement.place(request, pools);

        if ("impossible".equals(expected)) {
            assertThat(result).isInstanceOf(PlacementResult.Impossible.class);
            assertThat(((PlacementResult.Impossible) result).message() + "\n" + String.join("\n", result.reasons()))
                    .contains(reason);
        } else {
            assertThat(result).isInstanceOf(PlacementResult.Placed.class);
            assertThat(((PlacementResult.Placed) result).pools()).extracting(CandidatePool::poolId)
                    .containsExactly(expected.split(","));
            assertThat(result.reasons()).anySatisfy(line -> assertThat(line).contains(reason));
        }
    }

    @Test
    void neverTwoReplicasOnOneFlashArrayVolume() {
        // p2 has more room than p3, but its drive is the very array volume p1's is on.
        List<CandidatePool> pools = List.of(
                new CandidatePool("p1", "n1", "r1", "z1", "k1", 100 * GI, Set.of("A"), Set.of("A/shared")),
                new CandidatePool("p2", "n2", "r1", "z2", "k1", 90 * GI, Set.of("A"), Set.of("A/shared")),
                new CandidatePool("p3", "n3", "r1", "z2", "k1", 10 * GI, Set.of("A"), Set.of("A/p3")));

        PlacementResult result = Placement.place(repl(2), pools);

        assertThat(((PlacementResult.Placed) result).pools()).extracting(CandidatePool::poolId)
                .containsExactly("p1", "p3");
        assertThat(result.reasons()).contains("pool p2 (node n2): not chosen: it shares a FlashArray volume with "
                + "replica 1; never two replicas on one FlashArray volume");
    }

    @Test
    void theSameInputsInAnyOrderGiveTheSamePlacementAndReasons() {
        List<CandidatePool> pools = new ArrayList<>(pools("p1 n1 r1 z1 k1 70 A", "p2 n2 r1 z2 k1 70 B",
                "p3 n3 r1 z3 k1 70 A", "p4 n4 r1 z1 k1 70 B", "p5 n5 r1 z2 k1 70 A+B", "p6 n6 r1 z3 k1 70 B"));
        PlacementResult first = Placement.place(repl(3), pools);
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(pools, random);
            assertThat(Placement.place(repl(3), pools)).isEqualTo(first);
        }
    }

    @Test
    void theReasonsSayWhatWasPlacedWhereFirst() {
        PlacementResult result = Placement.place(repl(2), pools("p1 n1 r1 z1 k1 100 A", "p2 n2 r1 z2 k1 90 B"));

        assertThat(result.reasons().get(0)).isEqualTo("placed 2 replicas of 10Gi in zones z1, z2 on arrays A, B "
                + "(2 of 2 Online pools eligible)");
        assertThat(result.reasons()).contains("replica 1: pool p1 (node n1, region r1, zone z1, rack k1, arrays A), "
                + "100Gi free");
    }

    @Test
    void aLargeClusterIsPlacedQuicklyAndAsWellAsASmallOne() {
        List<CandidatePool> pools = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // Three zones, two arrays; the roomiest pools all in zone z0 on array A.
            String zone = "z" + (i % 3);
            String array = i % 2 == 0 ? "A" : "B";
            pools.add(pool(String.format("p%03d n%03d r1 %s k1 %d %s", i, i, zone, 1000 - i, array)));
        }
        long started = System.nanoTime();

        PlacementResult result = Placement.place(repl(3), pools);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        List<CandidatePool> chosen = ((PlacementResult.Placed) result).pools();
        assertThat(chosen).extracting(CandidatePool::zone).containsExactlyInAnyOrder("z0", "z1", "z2");
        assertThat(chosen).extracting(CandidatePool::poolId).containsExactly("p000", "p001", "p002");
    }
}
