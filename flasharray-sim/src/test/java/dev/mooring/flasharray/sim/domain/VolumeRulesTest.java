package dev.mooring.flasharray.sim.domain;

import dev.mooring.flasharray.sim.config.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Volume rules: sizes, names held by destroyed volumes, destroy/recover/eradicate, serials, QoS, pod prefixes. */
class VolumeRulesTest {
    private ManualClock clock;
    private SimulatedFleet fleet;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Fleets.T0);
        fleet = Fleets.fleet(clock);
    }

    private Volume create(String name, Long size) {
        return fleet.createVolume("array-a", name, size, null, null);
    }

    private void update(Volume v, VolumeUpdate u, boolean truncate) {
        fleet.updateVolume("array-a", v, u, truncate);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 511L, 1000L, 1048577L, 4503599627370497L, -512L})
    void sizesMustBePositiveMultiplesOf512UpTo4PiB(long size) {
        assertThatThrownBy(() -> create("v", size)).isInstanceOf(DomainException.class);
    }

    @Test
    void acceptedSizesAndTheDefault() {
        assertThat(create("a", 512L).provisioned()).isEqualTo(512);
        assertThat(create("b", 4503599627370496L).provisioned()).isEqualTo(4503599627370496L);
        assertThat(create("c", null).provisioned()).as("default 1 MB").isEqualTo(1048576);
    }

    @Test
    void serialIsTheArrayIdPrefixAndACounter() {
        assertThat(create("a", null).serial()).isEqualTo("6C1B16CE1C034D1C00000001");
        assertThat(create("b", null).serial()).isEqualTo("6C1B16CE1C034D1C00000002");
        assertThat(fleet.createVolume("array-b", "x", null, null, null).serial()).isEqualTo("704F2C1A9B3E4C5D00000001");
    }

    @Test
    void aDestroyedVolumeKeepsItsNameUntilEradicated() {
        Volume v = create("v1", null);
        update(v, new VolumeUpdate(null, null, true, null, null), false);
        assertThat(v.destroyed()).isTrue();
        assertThat(fleet.timeRemaining(v.destroyedAt())).isEqualTo(Duration.ofHours(24).toMillis());
        assertThatThrownBy(() -> create("v1", null)).hasMessage("Volume already exists.");
        assertThatThrownBy(() -> create("V1", null)).as("names compare without case").hasMessage("Volume already exists.");
        clock.advance(Duration.ofHours(1));
        assertThat(fleet.timeRemaining(v.destroyedAt())).isEqualTo(Duration.ofHours(23).toMillis());
        update(v, new VolumeUpdate(null, null, false, null, null), false);
        assertThat(v.destroyed()).as("recovered").isFalse();
        assertThatThrownBy(() -> fleet.eradicateVolume("array-a", v)).hasMessageContaining("must be destroyed");
        update(v, new VolumeUpdate(null, null, true, null, null), false);
        fleet.eradicateVolume("array-a", v);
        assertThat(fleet.volume("array-a", "v1")).isNull();
        assertThat(create("v1", null).destroyed()).isFalse();
    }

    @Test
    void destroyedVolumesAreEradicatedWhenTheDelayHasPassed() {
        Volume v = create("v1", null);
        update(v, new VolumeUpdate(null, null, true, null, null), false);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        fleet.sweep();
        assertThat(fleet.volume("array-a", "v1")).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        fleet.sweep();
        assertThat(fleet.volume("array-a", "v1")).isNull();
    }

    @Test
    void aDestroyedVolumeRefusesOtherChanges() {
        Volume v = create("v1", null);
        update(v, new VolumeUpdate(null, null, true, null, null), false);
        assertThatThrownBy(() -> update(v, new VolumeUpdate(null, 2097152L, null, null, null), false)).hasMessage("Volume has been destroyed.");
    }

    @Test
    void shrinkingNeedsTruncate() {
        Volume v = create("v1", 2097152L);
        assertThatThrownBy(() -> update(v, new VolumeUpdate(null, 1048576L, null, null, null), false)).hasMessageContaining("truncat");
        update(v, new VolumeUpdate(null, 1048576L, null, null, null), true);
        assertThat(v.provisioned()).isEqualTo(1048576);
        update(v, new VolumeUpdate(null, 4194304L, null, null, null), false);
        assertThat(v.provisioned()).isEqualTo(4194304);
    }

    @Test
    void renameChecksTheNewName() {
        Volume v = create("v1", null);
        create("v2", null);
        assertThatThrownBy(() -> update(v, new VolumeUpdate("v2", null, null, null, null), false)).hasMessage("Volume already exists.");
        assertThatThrownBy(() -> update(v, new VolumeUpdate("bad_name", null, null, null, null), false)).hasMessageContaining("Invalid volume name");
        update(v, new VolumeUpdate("v3", null, null, null, null), false);
        assertThat(fleet.volume("array-a", "v3")).isSameAs(v);
        assertThat(fleet.volume("array-a", "v1")).isNull();
    }

    @Test
    void qosLimitsHaveRangesAndCanBeUnset() {
        assertThatThrownBy(() -> fleet.createVolume("array-a", "q", null, Change.to(1048575L), null)).hasMessageContaining("Bandwidth limit");
        assertThatThrownBy(() -> fleet.createVolume("array-a", "q", null, null, Change.to(99L))).hasMessageContaining("IOPS limit");
        Volume v = fleet.createVolume("array-a", "q", null, Change.to(1048576L), Change.to(100_000_000L));
        assertThat(v.bandwidthLimit()).isEqualTo(1048576L);
        update(v, new VolumeUpdate(null, null, null, Change.unset(), null), false);
        assertThat(v.bandwidthLimit()).isNull();
        assertThat(v.iopsLimit()).isEqualTo(100_000_000L);
    }

    @Test
    void podQualifiedNamesNeedAnExistingPodAndRealmQualifiedNamesARealm() {
        assertThatThrownBy(() -> create("nopod::v1", null)).hasMessage("Pod does not exist.");
        Volume v = create("pod1::v1", null);
        assertThat(v.fullName()).isEqualTo("pod1::v1");
        assertThat(fleet.volume("array-b", "pod1::v1")).as("the same volume is on the other array").isSameAs(v);
        assertThatThrownBy(() -> create("nope::p::v", null)).hasMessage("Realm does not exist.");
        fleet.createPod("array-a", "tenant1::p", null, null);
        assertThat(create("tenant1::p::v", null).fullName()).isEqualTo("tenant1::p::v");
        assertThatThrownBy(() -> create("bad name", null)).hasMessageContaining("Invalid volume name");
        assertThatThrownBy(() -> create("a".repeat(64), null)).hasMessageContaining("longer than 63");
    }

    @Test
    void destroyingAConnectedVolumeDisconnectsItUnlessTheRuleRefuses() {
        Host h = fleet.createHost("array-a", "h1", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), null, null));
        Volume v = create("v1", null);
        fleet.connectHost("array-a", h, v, null);
        update(v, new VolumeUpdate(null, null, true, null, null), false);
        assertThat(fleet.array("array-a").connectionCount(v)).isZero();
        assertThat(fleet.connectionHistory(null, null, "v1", 0)).extracting(ConnectionEvent::action).containsExactly("connect", "disconnect");

        SimulatedFleet strict = new SimulatedFleet(Fleets.twoArrays(clock).withRefuseDestroyConnectedVolume(true));
        Host h2 = strict.createHost("array-a", "h1", HostSpec.withInitiators(List.of("iqn.2024-01.com.example:h1"), null, null));
        Volume v2 = strict.createVolume("array-a", "v1", null, null, null);
        strict.connectHost("array-a", h2, v2, null);
        assertThatThrownBy(() -> strict.updateVolume("array-a", v2, new VolumeUpdate(null, null, true, null, null), false))
                .hasMessageContaining("existing connections");
    }

    @Test
    void writtenBytesDriveSpace() {
        Volume v = create("v1", 4194304L);
        fleet.setWritten("array-a", "v1", 1024);
        assertThat(fleet.usedBytes("array-a")).isEqualTo(1024);
        assertThatThrownBy(() -> fleet.setWritten("array-a", "v1", 4194305L)).hasMessageStartingWith("bytes:");
        assertThat(v.written()).isEqualTo(1024);
    }
}
