package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LUN assignment: private first free from 1; shared (host group) first free from 254 down, then 255 up. */
class LunRulesTest {
    private SimulatedFleet fleet;

    @BeforeEach
    void setUp() {
        fleet = Fleets.fleet(new ManualClock(Fleets.T0));
    }

    private Volume vol(String name) {
        return fleet.createVolume("array-a", name, 1048576L, null, null);
    }

    private Host host(String name, String iqn) {
        return fleet.createHost("array-a", name, HostSpec.withInitiators(List.of(iqn), null, null));
    }

    @Test
    void privateConnectionsTakeTheFirstFreeLunFromOne() {
        Host h = host("h1", "iqn.2024-01.com.example:h1");
        assertThat(fleet.connectHost("array-a", h, vol("v1"), null).lun()).isEqualTo(1);
        assertThat(fleet.connectHost("array-a", h, vol("v2"), null).lun()).isEqualTo(2);
        assertThat(fleet.connectHost("array-a", h, vol("v3"), 7).lun()).isEqualTo(7);
        fleet.disconnectHost("array-a", h, fleet.volume("array-a", "v1"));
        assertThat(fleet.connectHost("array-a", h, vol("v4"), null).lun()).as("the freed LUN 1 is reused").isEqualTo(1);
        assertThat(fleet.connectHost("array-a", h, vol("v5"), null).lun()).isEqualTo(3);
    }

    @Test
    void anExplicitLunMustBeFreeAndInRange() {
        Host h = host("h1", "iqn.2024-01.com.example:h1");
        fleet.connectHost("array-a", h, vol("v1"), 5);
        assertThatThrownBy(() -> fleet.connectHost("array-a", h, vol("v2"), 5)).hasMessageContaining("LUN 5 is already in use");
        assertThatThrownBy(() -> fleet.connectHost("array-a", h, vol("v3"), 0)).hasMessageContaining("between 1 and 4095");
        assertThatThrownBy(() -> fleet.connectHost("array-a", h, vol("v4"), 4096)).hasMessageContaining("between 1 and 4095");
    }

    @Test
    void sharedConnectionsCountDownFrom254AndGiveEveryMemberTheSameLun() {
        Host h1 = host("h1", "iqn.2024-01.com.example:h1");
        Host h2 = host("h2", "iqn.2024-01.com.example:h2");
        HostGroup g = fleet.createHostGroup("array-a", "hg");
        fleet.addHostsToGroup("array-a", g, List.of(h1, h2));
        fleet.connectHost("array-a", h2, vol("private"), 253);
        assertThat(fleet.connectHostGroup("array-a", g, vol("s1"), null).lun()).isEqualTo(254);
        assertThat(fleet.connectHostGroup("array-a", g, vol("s2"), null).lun()).as("253 is taken by h2's private connection").isEqualTo(252);
        assertThat(fleet.connectionInfos("array-a")).filteredOn(c -> c.volume().equals("s1"))
                .extracting(Snapshots.ConnectionInfo::host, Snapshots.ConnectionInfo::hostGroup, Snapshots.ConnectionInfo::lun)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", "hg", 254), org.assertj.core.groups.Tuple.tuple("h2", "hg", 254));
        assertThat(fleet.connectHost("array-a", h1, vol("p1"), null).lun()).as("private LUNs still count up from 1").isEqualTo(1);
    }

    @Test
    void sharedConnectionsContinueFrom255UpwardsWhen1To254AreTaken() {
        HostGroup g = fleet.createHostGroup("array-a", "hg");
        fleet.addHostsToGroup("array-a", g, List.of(host("h1", "iqn.2024-01.com.example:h1")));
        for (int i = 254; i >= 1; i--) {
            assertThat(fleet.connectHostGroup("array-a", g, vol("s" + i), null).lun()).isEqualTo(i);
        }
        assertThat(fleet.connectHostGroup("array-a", g, vol("next"), null).lun()).isEqualTo(255);
        assertThat(fleet.connectHostGroup("array-a", g, vol("next2"), null).lun()).isEqualTo(256);
    }

    @Test
    void aHostJoiningAGroupGetsItsConnectionsWithTheGroupLunAndConflictsAreRefused() {
        HostGroup g = fleet.createHostGroup("array-a", "hg");
        Host h1 = host("h1", "iqn.2024-01.com.example:h1");
        fleet.addHostsToGroup("array-a", g, List.of(h1));
        fleet.connectHostGroup("array-a", g, vol("shared"), null);
        Host h2 = host("h2", "iqn.2024-01.com.example:h2");
        fleet.connectHost("array-a", h2, vol("mine"), 254);
        assertThatThrownBy(() -> fleet.addHostsToGroup("array-a", g, List.of(h2))).hasMessageContaining("LUN 254");
        Host h3 = host("h3", "iqn.2024-01.com.example:h3");
        fleet.addHostsToGroup("array-a", g, List.of(h3));
        assertThat(fleet.host("array-a", "h3").connectionCount()).isEqualTo(1);
        assertThat(fleet.connectionHistory("array-a", "h3", null, 0))
                .extracting(ConnectionEvent::action, ConnectionEvent::cause, ConnectionEvent::lun)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("connect", "host-group", 254));
        fleet.removeHostsFromGroup("array-a", g, List.of(h3));
        assertThat(fleet.connectionHistory("array-a", "h3", null, 0)).last()
                .extracting(ConnectionEvent::action, ConnectionEvent::cause).containsExactly("disconnect", "host-group");
    }

    @Test
    void duplicateAndMissingConnectionsUseTheArraysMessages() {
        Host h = host("h1", "iqn.2024-01.com.example:h1");
        Volume v = vol("v1");
        fleet.connectHost("array-a", h, v, null);
        assertThatThrownBy(() -> fleet.connectHost("array-a", h, v, null)).hasMessage("Connection already exists.");
        fleet.disconnectHost("array-a", h, v);
        assertThatThrownBy(() -> fleet.disconnectHost("array-a", h, v)).hasMessage("Connection does not exist.");
        fleet.updateVolume("array-a", v, new VolumeUpdate(null, null, true, null, null), false);
        assertThatThrownBy(() -> fleet.connectHost("array-a", h, v, null)).hasMessage("Volume has been destroyed.");
    }

    @Test
    void connectionCountsStayInStep() {
        Host h1 = host("h1", "iqn.2024-01.com.example:h1");
        Host h2 = host("h2", "iqn.2024-01.com.example:h2");
        HostGroup g = fleet.createHostGroup("array-a", "hg");
        fleet.addHostsToGroup("array-a", g, List.of(h1, h2));
        Volume v = vol("v1");
        fleet.connectHostGroup("array-a", g, v, null);
        Host h3 = host("h3", "iqn.2024-01.com.example:h3");
        fleet.connectHost("array-a", h3, v, null);
        assertThat(fleet.array("array-a").connectionCount(v)).isEqualTo(3);
        assertThat(h1.connectionCount()).isEqualTo(1);
        assertThat(g.connectionCount()).isEqualTo(1);
        fleet.disconnectHostGroup("array-a", g, v);
        assertThat(fleet.array("array-a").connectionCount(v)).isEqualTo(1);
    }
}
