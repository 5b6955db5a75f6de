package dev.mooring.provisioner.domain.placement;

import dev.mooring.provisioner.domain.StorageSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.domain.placement.DriveSpread.Placed;
import dev.mooring.provisioner.domain.placement.DriveSpread.Placement;
import dev.mooring.provisioner.domain.placement.DriveSpread.Refused;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DriveSpreadTest {

    private static final long G = StorageSettings.GIB;

    private static ArrayFacts array(String name, long freeGib, Map<String, String> labels) {
        return new ArrayFacts(name, true, freeGib * G, 0, labels);
    }

    private static ArrayFacts array(String name, long freeGib) {
        return array(name, freeGib, Map.of());
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("most room first", List.of(150L), List.of(array("a", 500), array("b", 900)), List.of("b")),
                Arguments.of("equal room: by name, then the other for the second drive", List.of(150L, 150L),
                        List.of(array("b", 1000), array("a", 1000)), List.of("a", "b")),
                Arguments.of("much more room on one: both there", List.of(150L, 150L),
                        List.of(array("a", 400), array("b", 5000)), List.of("b", "b")),
                Arguments.of("drives Mooring placed count against the room", List.of(150L),
                        List.of(new ArrayFacts("a", true, 1000 * G, 900 * G, Map.of()), array("b", 500)), List.of("b")),
                Arguments.of("an unreachable array is not used", List.of(150L),
                        List.of(new ArrayFacts("a", false, 9000 * G, 0, Map.of()), array("b", 500)), List.of("b")),
                Arguments.of("an array labelled for the node's zone is preferred over a roomier unlabelled one",
                        List.of(150L), List.of(array("a", 9000), array("b", 500,
                                Map.of("topology.portworx.io/zone", "z1"))), List.of("b")),
                Arguments.of("an array labelled for another zone is never used", List.of(150L),
                        List.of(array("a", 9000, Map.of("topology.portworx.io/zone", "z2")), array("b", 500)),
                        List.of("b")),
                Arguments.of("plain zone/region labels count too", List.of(150L),
                        List.of(array("a", 9000, Map.of("zone", "z2")), array("b", 500, Map.of("region", "r1"))),
                        List.of("b")),
                Arguments.of("an array of another region is never used", List.of(150L),
                        List.of(array("a", 9000, Map.of("topology.portworx.io/region", "r2")), array("b", 500)),
                        List.of("b")),
                Arguments.of("region affinity beats no labels", List.of(150L),
                        List.of(array("a", 9000), array("b", 500, Map.of("topology.kubernetes.io/region", "r1"))),
                        List.of("b")),
                Arguments.of("labels that only name the array do not restrict", List.of(150L),
                        List.of(array("a", 900, Map.of("topology.portworx.io/array", "a")), array("b", 500)),
                        List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void drivesGoToTheArraysThatServeTheZoneByRoom(String why, List<Long> sizesGib, List<ArrayFacts> arrays,
                                                  List<String> expected) {
        DriveSpread.Plan plan = DriveSpread.plan(sizesGib.stream().map(s -> s * G).toList(), 0, "r1", "z1", arrays);

        assertThat(plan).isInstanceOf(Placed.class);
        assertThat(((Placed) plan).drives()).extracting(Placement::array).containsExactlyElementsOf(expected);
        assertThat(((Placed) plan).drives()).extracting(Placement::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, expected.size()).boxed().toList());
    }

    @Test
    void indexesContinueFromTheFirstGiven() {
        Placed plan = (Placed) DriveSpread.plan(List.of(10 * G), 3, null, null, List.of(array("a", 100)));

        assertThat(plan.drives()).containsExactly(new Placement(3, 10 * G, "a"));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of(), "NoArrayRegistered", true, "No FlashArray is registered"),
                Arguments.of(List.of(array("a", 9000, Map.of("zone", "z2"))), "NoArrayForZone", false,
                        "No registered FlashArray serves zone z1 (region r1)"),
                Arguments.of(List.of(new ArrayFacts("a", false, 0, 0, Map.of())), "NoArrayReachable", true,
                        "answers now (a)"),
                Arguments.of(List.of(array("a", 100), array("b", 149)), "ArrayOutOfSpace", false,
                        "has room for a drive of 150 GiB (room: a 100 GiB, b 149 GiB)"),
                Arguments.of(List.of(array("a", 200)), "ArrayOutOfSpace", false, "room: a 50 GiB"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void noPlanSaysWhy(List<ArrayFacts> arrays, String reason, boolean retryable, String message) {
        DriveSpread.Plan plan = DriveSpread.plan(List.of(150 * G, 150 * G), 0, "r1", "z1", arrays);

        assertThat(plan).isInstanceOf(Refused.class);
        Refused refused = (Refused) plan;
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.retryable()).isEqualTo(retryable);
        assertThat(refused.message()).contains(message);
    }
}
