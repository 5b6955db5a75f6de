package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.ManualClock;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pods: create, destroy only when empty and not stretched, eradicate only when destroyed, stretch and unstretch. */
class PodRulesTest {
    private SimulatedFleet fleet;

    @BeforeEach
    void setUp() {
        fleet = Fleets.fleet(new ManualClock(Fleets.T0));
    }

    private static PodUpdate destroy(boolean d) {
        return new PodUpdate(null, d, null, null, null, null);
    }

    @Test
    void aPodIsDestroyedOnlyWhenEmptyOrWithItsContents() {
        Pod p = fleet.createPod("array-a", "p2", null, null);
        Volume v = fleet.createVolume("array-a", "p2::v1", null, null, null);
        assertThatThrownBy(() -> fleet.updatePod("array-a", p, destroy(true), false)).hasMessageContaining("destroy_contents");
        fleet.updatePod("array-a", p, destroy(true), true);
        assertThat(p.destroyed()).isTrue();
        assertThat(v.destroyed()).isTrue();
        assertThatThrownBy(() -> fleet.createVolume("array-a", "p2::v2", null, null, null)).hasMessage("Pod has been destroyed.");
        assertThatThrownBy(() -> fleet.eradicatePod("array-a", p, false)).hasMessageContaining("eradicate_contents");
        fleet.eradicatePod("array-a", p, true);
        assertThat(fleet.pod("array-a", "p2")).isNull();
        assertThat(fleet.volumeById("array-a", v.id())).isNull();
    }

    @Test
    void aPodIsEradicatedOnlyWhenDestroyed() {
        Pod p = fleet.createPod("array-a", "p2", null, null);
        assertThatThrownBy(() -> fleet.eradicatePod("array-a", p, false)).hasMessageContaining("must be destroyed");
    }

    @Test
    void aStretchedPodCannotBeDestroyed() {
        Pod p = fleet.pod("array-a", "pod1");
        assertThat(p.stretched()).isTrue();
        assertThatThrownBy(() -> fleet.updatePod("array-a", p, destroy(true), false)).hasMessageContaining("stretched");
    }

    @Test
    void stretchingNeedsAReplicationLinkThatIsUp() {
        SimulatedFleet f = new SimulatedFleet(Fleets.twoArrays(new ManualClock(Fleets.T0))
                .withArray(ArrayConfig.named("array-c")).validate());
        Pod p = f.createPod("array-a", "p2", null, null);
        assertThatThrownBy(() -> f.stretchPod("array-a", p, "array-c")).hasMessageContaining("not connected");
        assertThatThrownBy(() -> f.stretchPod("array-a", p, "array-x")).hasMessage("Array does not exist.");
        f.cutLink("array-a", "array-b", null);
        assertThatThrownBy(() -> f.stretchPod("array-a", p, "array-b")).hasMessageContaining("down");
        f.restoreLink("array-a", "array-b");
        f.stretchPod("array-a", p, "array-b");
        assertThat(f.pod("array-b", "p2")).isSameAs(p);
        assertThat(f.podStatuses(p, "array-b")).extracting(PodStatus::status).containsExactly("online", "online");
        assertThatThrownBy(() -> f.stretchPod("array-a", p, "array-b")).hasMessageContaining("already a member");
    }

    @Test
    void unstretchingLeavesADestroyedCopyOnTheRemovedArray() {
        Pod p = fleet.pod("array-a", "pod1");
        Volume v = fleet.createVolume("array-b", "pod1::v1", null, null, null);
        fleet.unstretchPod("array-a", p, "array-b");
        assertThat(p.memberNames()).containsExactly("array-a");
        assertThat(fleet.volume("array-a", "pod1::v1")).isSameAs(v);
        Pod copy = fleet.pod("array-b", "pod1");
        assertThat(copy).isNotSameAs(p);
        assertThat(copy.destroyed()).isTrue();
        Volume vc = fleet.volume("array-b", "pod1::v1");
        assertThat(vc.destroyed()).isTrue();
        assertThat(vc.serial()).isEqualTo(v.serial());
        assertThatThrownBy(() -> fleet.stretchPod("array-a", p, "array-b")).hasMessageContaining("already exists");
        fleet.eradicatePod("array-b", copy, true);
        fleet.stretchPod("array-a", p, "array-b");
        assertThat(fleet.volume("array-b", "pod1::v1")).isSameAs(v);
    }

    @Test
    void unstretchIsRefusedWhileVolumesAreConnectedOnTheRemovedArray() {
        Pod p = fleet.pod("array-a", "pod1");
        Volume v = fleet.createVolume("array-a", "pod1::v1", null, null, null);
        Host h = fleet.createHost("array-b", "h1", HostSpec.empty());
        fleet.connectHost("array-b", h, v, null);
        assertThatThrownBy(() -> fleet.unstretchPod("array-a", p, "array-b")).hasMessageContaining("disconnect");
    }

    @Test
    void realmAndPodNamesMustDiffer() {
        assertThatThrownBy(() -> fleet.createPod("array-a", "tenant1", null, null)).hasMessageContaining("realm");
        Pod rp = fleet.createPod("array-a", "tenant1::p", null, null);
        assertThat(rp.realm().name()).isEqualTo("tenant1");
        assertThatThrownBy(() -> fleet.createPod("array-a", "nope::p", null, null)).hasMessage("Realm does not exist.");
        assertThatThrownBy(() -> fleet.createPod("array-a", "pod1", null, null)).hasMessage("Pod already exists.");
    }

    @Test
    void aDemotedPodTakesNoNewVolumes() {
        Pod p = fleet.createPod("array-a", "p2", null, null);
        fleet.updatePod("array-a", p, new PodUpdate(null, null, null, null, null, "demoted"), false);
        assertThatThrownBy(() -> fleet.createVolume("array-a", "p2::v", null, null, null)).hasMessageContaining("demoted");
    }

    @Test
    void configuredPodsAreValidated() {
        assertThatThrownBy(() -> SimulatorConfig.defaults().withArrays(List.of(ArrayConfig.named("a"), ArrayConfig.named("b")))
                .withPods(List.of(new dev.mooring.flasharray.sim.config.PodConfig("p", List.of("a", "b"), List.of(), null))).validate())
                .hasMessageContaining("pods[0].arrays").hasMessageContaining("replicationLinks");
    }
}
