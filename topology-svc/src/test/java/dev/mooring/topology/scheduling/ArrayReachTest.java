package dev.mooring.topology.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.scheduling.ArrayReach.ReachableArray;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which zones reach a FlashArray volume: those of the arrays serving it now. */
class ArrayReachTest {

    private static MooringVolume podVolume() {
        return MooringVolume.of("v1", "ns/data", Map.of("backend", "flasharray", "arrays", "fa-a,fa-b",
                "arrayVolumeName", "px_v1", "pod", "pod1"));
    }

    @Test
    void aStretchedPodsVolumeIsServedByTheArraysWhereThePodIsOnline() {
        List<ReachableArray> reachable = List.of(new ReachableArray("fa-a", "z1", Set.of("pod1")),
                new ReachableArray("fa-b", "z2", Set.of()));

        ArrayReach.Zones zones = ArrayReach.zones(podVolume(), reachable);

        assertThat(zones.reaches("z1")).isTrue();
        assertThat(zones.reaches("z2")).as("pod1 is not online on fa-b").isFalse();
    }

    @Test
    void anUnreachableArrayServesNothingAndAnArrayWithoutZoneServesEveryZone() {
        assertThat(ArrayReach.zones(podVolume(), List.of()).isEmpty()).isTrue();
        ArrayReach.Zones everywhere = ArrayReach.zones(podVolume(),
                List.of(new ReachableArray("fa-b", ArrayReach.zoneOf(Map.of()), Set.of("pod1"))));
        assertThat(everywhere.reaches("z9")).isTrue();
        assertThat(everywhere.reaches(null)).isTrue();
    }

    @Test
    void aVolumeOutsideAnyPodIsServedByItsOneArrayWhileItAnswers() {
        MooringVolume plain = MooringVolume.of("v2", "ns/plain", Map.of("backend", "flasharray", "arrays", "fa-a",
                "arrayVolumeName", "px_v2"));
        assertThat(ArrayReach.zones(plain, List.of(new ReachableArray("fa-a", "z1", Set.of()))).reaches("z1"))
                .isTrue();
        assertThat(ArrayReach.zones(plain, List.of(new ReachableArray("fa-b", "z1", Set.of()))).reaches("z1"))
                .isFalse();
    }
}
