package dev.mooring.provisioner.domain.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.placement.ArrayChoice.Choice;
import dev.mooring.provisioner.domain.placement.ArrayChoice.Chosen;
import dev.mooring.provisioner.domain.placement.ArrayChoice.NoArray;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The array of a pure_block volume outside a pod: labels (when its node is known), then room, then name. */
class ArrayChoiceTest {

    private static final Topology Z1 = Topology.of("r1", "z1");

    private static ArrayFacts array(String name, boolean reachable, long free) {
        return new ArrayFacts(name, reachable, free, 0, Map.of());
    }

    private static ArrayFacts labelled(String name, long free, Map<String, String> labels) {
        return new ArrayFacts(name, true, free, 0, labels);
    }

    @Test
    void theReachableArrayWithTheMostFreeCapacityIsChosen() {
        List<ArrayFacts> candidates = List.of(array("a", true, 10), array("b", true, 30), array("c", false, 99));

        assertThat(ArrayChoice.choose(candidates, List.of(), Topology.UNKNOWN)).isEqualTo(new Chosen("b"));
    }

    @Test
    void tiesGoToTheFirstNameSoTheChoiceIsStable() {
        assertThat(ArrayChoice.choose(List.of(array("b", true, 5), array("a", true, 5)), List.of(), Topology.UNKNOWN))
                .isEqualTo(new Chosen("a"));
    }

    @Test
    void withoutAReachableArrayTheReasonNamesThem() {
        List<ArrayFacts> down = List.of(array("a", false, 0), array("b", false, 0));

        assertThat(ArrayChoice.choose(down, List.of(), Topology.UNKNOWN))
                .isEqualTo(new NoArray("NoArrayReachable", "No registered FlashArray is reachable (a, b)", true));
        assertThat(ArrayChoice.choose(List.of(), List.of("https://a"), Topology.UNKNOWN))
                .isEqualTo(new NoArray("NoArrayReachable", "No registered FlashArray is reachable (https://a)", true));
        assertThat(((NoArray) ArrayChoice.choose(List.of(), List.of(), Topology.UNKNOWN)).message())
                .contains("No FlashArray is registered");
        assertThat(((NoArray) ArrayChoice.choose(List.of(), List.of(), Topology.UNKNOWN)).reason())
                .isEqualTo("NoArrayRegistered");
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of("an array labelled for the volume's zone beats a roomier unlabelled one",
                        List.of(array("a", true, 9000), labelled("b", 500, Map.of("topology.portworx.io/zone", "z1"))),
                        Z1, "b"),
                Arguments.of("an array labelled for another zone is never used",
                        List.of(labelled("a", 9000, Map.of("px/zone", "z2")), array("b", true, 500)), Z1, "b"),
                Arguments.of("an array of another region is never used",
                        List.of(labelled("a", 9000, Map.of("region", "r2")), array("b", true, 500)), Z1, "b"),
                Arguments.of("region affinity beats no labels",
                        List.of(array("a", true, 9000), labelled("b", 500, Map.of("topology.kubernetes.io/region", "r1"))),
                        Z1, "b"),
                Arguments.of("labels that only name the array do not restrict",
                        List.of(labelled("a", 900, Map.of("topology.portworx.io/array", "a")), array("b", true, 500)),
                        Z1, "a"),
                Arguments.of("a volume whose node is not known yet may go to any array, by room",
                        List.of(labelled("a", 9000, Map.of("zone", "z2")), labelled("b", 500, Map.of("zone", "z1"))),
                        Topology.UNKNOWN, "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labels")
    void directVolumesRespectTheArraysLabelsAsDrivesDo(String why, List<ArrayFacts> arrays, Topology where,
                                                       String expected) {
        assertThat(ArrayChoice.choose(arrays, List.of(), where)).isEqualTo(new Chosen(expected));
    }

    @Test
    void whenEveryArrayIsLabelledForAnotherZoneTheVolumeIsRefusedNamingTheZone() {
        Choice choice = ArrayChoice.choose(List.of(labelled("a", 10, Map.of("zone", "z2"))), List.of(), Z1);

        assertThat(choice).isEqualTo(new NoArray("NoArrayForZone", "No registered FlashArray serves zone z1 (region r1):"
                + " every array's Labels name another zone or region (a)", false));
    }

    @Test
    void drivesAndVolumesRankTheArraysThatServeAZoneAlike() {
        List<ArrayFacts> arrays = List.of(array("a", true, 9000L << 30),
                labelled("b", 500L << 30, Map.of("topology.portworx.io/zone", "z1")),
                labelled("c", 9000L << 30, Map.of("zone", "z2")));

        DriveSpread.Placed drives = (DriveSpread.Placed) DriveSpread.plan(List.of(150L << 30), 0, "r1", "z1", arrays);

        assertThat(ArrayChoice.choose(arrays, List.of(), Z1)).isEqualTo(new Chosen(drives.drives().get(0).array()));
    }
}
