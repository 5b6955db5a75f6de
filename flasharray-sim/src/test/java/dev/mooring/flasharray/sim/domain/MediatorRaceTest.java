package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ActiveCluster: the Mediator race when the link is cut, pre-election, the case where nobody wins, and resync. */
class MediatorRaceTest {
    private ManualClock clock;
    private SimulatedFleet fleet;
    private Pod pod;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Fleets.T0);
        fleet = Fleets.fleet(clock);
        pod = fleet.pod("array-a", "pod1");
    }

    private String truth(String array) {
        return fleet.state(a -> 0).pods().get(0).status().stream().filter(s -> s.arrayName().equals(array)).findFirst().orElseThrow().status();
    }

    private PodStatus view(String viewer, String of) {
        return fleet.podStatuses(pod, viewer).stream().filter(s -> s.arrayName().equals(of)).findFirst().orElseThrow();
    }

    @Test
    void thePreferredArrayWinsWhenItReachesTheMediator() {
        long cut = clock.millis();
        fleet.cutLink("array-a", "array-b", null);
        assertThat(truth("array-a")).isEqualTo("online");
        assertThat(truth("array-b")).isEqualTo("offline");
        assertThat(view("array-b", "array-b").frozenAt()).isEqualTo(cut);
        assertThat(view("array-b", "array-a").status()).as("the loser cannot see its peer").isEqualTo("unknown");
        assertThat(view("array-a", "array-b").status()).as("the winner sees the loser offline").isEqualTo("offline");
        assertThat(view("array-a", "array-a").frozenAt()).isNull();
    }

    @Test
    void withoutPreferenceTheFirstMemberReachingTheMediatorWins() {
        fleet.updatePod("array-a", pod, new PodUpdate(null, null, null, List.of(), null, null), false);
        fleet.setMediatorReachable(List.of("array-a"), false);
        fleet.cutLink("array-a", "array-b", null);
        assertThat(truth("array-a")).isEqualTo("offline");
        assertThat(truth("array-b")).isEqualTo("online");
    }

    @Test
    void aPreferredArrayThatCannotReachTheMediatorLosesToOneThatCan() {
        fleet.setMediatorReachable(List.of("array-a"), false);
        assertThat(view("array-a", "array-a").mediatorStatus()).isEqualTo("unreachable");
        assertThat(view("array-a", "array-a").preElected()).as("b still reaches the Mediator: no pre-election").isFalse();
        fleet.cutLink("array-a", "array-b", null);
        assertThat(truth("array-a")).isEqualTo("offline");
        assertThat(truth("array-b")).isEqualTo("online");
    }

    @Test
    void whenTheMediatorIsLostByAllWhileLinkedThePreferredArrayIsPreElectedAndWins() {
        fleet.setMediatorReachable(List.of(), false);
        assertThat(view("array-b", "array-a").preElected()).isTrue();
        assertThat(view("array-b", "array-b").preElected()).isFalse();
        fleet.cutLink("array-a", "array-b", null);
        assertThat(truth("array-a")).isEqualTo("online");
        assertThat(truth("array-b")).isEqualTo("offline");
        fleet.setMediatorReachable(List.of(), true);
        assertThat(view("array-a", "array-a").preElected()).as("cleared when the Mediator is back").isFalse();
    }

    @Test
    void preElectionWithoutPreferencesPicksTheFirstMember() {
        fleet.updatePod("array-a", pod, new PodUpdate(null, null, null, List.of("array-b"), null, null), false);
        fleet.setMediatorReachable(List.of(), false);
        assertThat(view("array-a", "array-b").preElected()).isTrue();
        fleet.setMediatorReachable(List.of(), true);
        fleet.updatePod("array-a", pod, new PodUpdate(null, null, null, List.of(), null, null), false);
        fleet.setMediatorReachable(List.of(), false);
        assertThat(view("array-a", "array-a").preElected()).isTrue();
    }

    @Test
    void whenLinkAndMediatorAreLostInTheSameInstantNeitherArrayServes() {
        fleet.cutLink("array-a", "array-b", false);
        assertThat(truth("array-a")).isEqualTo("offline");
        assertThat(truth("array-b")).isEqualTo("offline");
        assertThatThrownBy(() -> fleet.createVolume("array-a", "pod1::v", null, null, null)).hasMessageContaining("offline on this array");
        assertThatThrownBy(() -> fleet.createVolume("array-b", "pod1::v", null, null, null)).hasMessageContaining("offline on this array");
        fleet.restoreLink("array-a", "array-b");
        assertThat(truth("array-a")).isEqualTo("resyncing");
        assertThat(truth("array-b")).isEqualTo("resyncing");
        clock.advance(Duration.ofSeconds(10));
        assertThat(truth("array-a")).isEqualTo("online");
        assertThat(truth("array-b")).isEqualTo("online");
    }

    @Test
    void theLoserRefusesIoChangesButTheWinnerServes() {
        Volume v = fleet.createVolume("array-a", "pod1::v1", null, null, null);
        Host hb = fleet.createHost("array-b", "hb", HostSpec.empty());
        Host ha = fleet.createHost("array-a", "ha", HostSpec.empty());
        fleet.connectHost("array-b", hb, v, null);
        fleet.cutLink("array-a", "array-b", null);
        assertThatThrownBy(() -> fleet.createVolume("array-b", "pod1::v2", null, null, null))
                .hasMessage("Cannot modify pod pod1: the pod is offline on this array.");
        assertThatThrownBy(() -> fleet.updateVolume("array-b", v, new VolumeUpdate(null, 2097152L, null, null, null), false))
                .hasMessageContaining("offline on this array");
        assertThatThrownBy(() -> fleet.connectHost("array-b", fleet.createHost("array-b", "hb2", HostSpec.empty()), v, null))
                .hasMessageContaining("offline on this array");
        fleet.disconnectHost("array-b", hb, v);
        fleet.createVolume("array-a", "pod1::v2", null, null, null);
        fleet.connectHost("array-a", ha, v, null);
        assertThat(fleet.createVolume("array-b", "plain", null, null, null).pod()).as("volumes outside the pod are unaffected").isNull();
    }

    @Test
    void resyncProgressRisesWithTheClockThenTheArrayIsOnline() {
        fleet.cutLink("array-a", "array-b", null);
        clock.advance(Duration.ofMinutes(5));
        fleet.restoreLink("array-a", "array-b");
        PodStatus b = view("array-b", "array-b");
        assertThat(b.status()).isEqualTo("resyncing");
        assertThat(b.progress()).isEqualTo(0.0);
        assertThat(b.frozenAt()).isEqualTo(Fleets.T0.toEpochMilli());
        clock.advance(Duration.ofSeconds(4));
        assertThat(view("array-a", "array-b").progress()).isEqualTo(0.4);
        assertThatThrownBy(() -> fleet.createVolume("array-b", "pod1::v", null, null, null)).hasMessageContaining("resyncing on this array");
        clock.advance(Duration.ofSeconds(6));
        b = view("array-b", "array-b");
        assertThat(b.status()).isEqualTo("online");
        assertThat(b.progress()).isNull();
        assertThat(b.frozenAt()).isNull();
        fleet.createVolume("array-b", "pod1::v", null, null, null);
    }

    @Test
    void anArrayGoingDownCountsAsACutLinkAndResyncsWhenBack() {
        fleet.setArrayUp("array-a", false);
        assertThat(truth("array-b")).as("b reaches the Mediator and wins").isEqualTo("online");
        assertThat(truth("array-a")).isEqualTo("offline");
        fleet.setArrayUp("array-a", true);
        assertThat(truth("array-a")).isEqualTo("resyncing");
        clock.advance(Duration.ofSeconds(10));
        assertThat(truth("array-a")).isEqualTo("online");
    }

    @Test
    void aResyncingArrayCannotWinANewRace() {
        fleet.cutLink("array-a", "array-b", null);
        fleet.restoreLink("array-a", "array-b");
        fleet.setMediatorReachable(List.of("array-a"), false);
        fleet.cutLink("array-a", "array-b", null);
        assertThat(truth("array-a")).as("a is in sync but cannot reach the Mediator").isEqualTo("offline");
        assertThat(truth("array-b")).as("b was resyncing: it has no good copy").isEqualTo("offline");
    }
}
