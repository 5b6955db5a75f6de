package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosts: initiators unique across hosts, WWN normalisation, add/remove lists, deletion and group rules. */
class HostRulesTest {
    private SimulatedFleet fleet;

    @BeforeEach
    void setUp() {
        fleet = Fleets.fleet(new ManualClock(Fleets.T0));
    }

    private static HostSpec patch(List<String> addIqns, List<String> removeIqns, List<String> wwns) {
        return new HostSpec(null, null, wwns, null, addIqns, removeIqns, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void initiatorsAreUniqueAcrossHosts() {
        fleet.createHost("array-a", "h1", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), List.of("21:00:00:24:ff:3a:4f:1c"), null));
        assertThatThrownBy(() -> fleet.createHost("array-a", "h2", HostSpec.withInitiators(List.of("IQN.2024-01.com.example:h1"), null, null)))
                .hasMessageContaining("already in use");
        assertThatThrownBy(() -> fleet.createHost("array-a", "h2", HostSpec.withInitiators(null, List.of("21000024FF3A4F1C"), null)))
                .hasMessageContaining("already in use");
        assertThat(fleet.host("array-a", "h2")).as("nothing created on failure").isNull();
        fleet.createHost("array-b", "h2", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), null, null));
    }

    @Test
    void wwnsAreNormalisedUpperCaseWithoutColons() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.withInitiators(null, List.of("21:00:00:24:ff:3a:4f:1c"), null));
        assertThat(h.wwns()).containsExactly("21000024FF3A4F1C");
        assertThatThrownBy(() -> fleet.createHost("array-a", "h2", HostSpec.withInitiators(null, List.of("21:00"), null)))
                .hasMessageContaining("Invalid WWN");
    }

    @Test
    void addRemoveAndReplaceInitiatorLists() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:a"), null, null));
        fleet.updateHost("array-a", h, patch(List.of("iqn.2024-01.com.example:b"), List.of("iqn.2024-01.com.example:a"), null));
        assertThat(h.iqns()).containsExactly("iqn.2024-01.com.example:b");
        fleet.createHost("array-a", "h2", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:a"), null, null));
        fleet.updateHost("array-a", h, patch(null, null, List.of("52:4a:93:71:af:4e:82:01")));
        assertThat(h.wwns()).containsExactly("524A9371AF4E8201");
    }

    @Test
    void aConnectedHostCannotBeDeleted() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), null, null));
        Volume v = fleet.createVolume("array-a", "v1", null, null, null);
        fleet.connectHost("array-a", h, v, null);
        assertThatThrownBy(() -> fleet.deleteHost("array-a", h)).hasMessageContaining("cannot be deleted due to existing connections");
        fleet.disconnectHost("array-a", h, v);
        fleet.deleteHost("array-a", h);
        assertThat(fleet.host("array-a", "h1")).isNull();
        fleet.createHost("array-a", "h9", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), null, null));
    }

    @Test
    void aHostBelongsToAtMostOneGroup() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.empty());
        HostGroup g1 = fleet.createHostGroup("array-a", "g1");
        HostGroup g2 = fleet.createHostGroup("array-a", "g2");
        fleet.addHostsToGroup("array-a", g1, List.of(h));
        assertThatThrownBy(() -> fleet.addHostsToGroup("array-a", g2, List.of(h))).hasMessageContaining("already belongs to");
        assertThatThrownBy(() -> fleet.deleteHostGroup("array-a", g1)).hasMessageContaining("member hosts");
        fleet.updateHost("array-a", h, new HostSpec(null, null, null, null, null, null, null, null, null, null, null,
                Change.unset(), null, null, null, null, null));
        assertThat(h.group()).isNull();
        fleet.updateHost("array-a", h, new HostSpec(null, null, null, null, null, null, null, null, null, null, null,
                Change.to("g2"), null, null, null, null, null));
        assertThat(h.group()).isSameAs(g2);
    }

    @Test
    void personalityIsNullForLinuxAndValidatedOtherwise() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.empty());
        assertThat(h.personality()).isNull();
        assertThatThrownBy(() -> fleet.updateHost("array-a", h, new HostSpec(null, null, null, null, null, null, null, null, null, null,
                Change.to("linux"), null, null, null, null, null, null))).hasMessageContaining("personality");
        fleet.updateHost("array-a", h, new HostSpec(null, null, null, null, null, null, null, null, null, null,
                Change.to("esxi"), null, null, null, null, null, null));
        assertThat(h.personality()).isEqualTo("esxi");
    }

    @Test
    void duplicateHostNamesAreRefused() {
        fleet.createHost("array-a", "h1", HostSpec.empty());
        assertThatThrownBy(() -> fleet.createHost("array-a", "H1", HostSpec.empty())).hasMessage("Host already exists.");
    }
}
