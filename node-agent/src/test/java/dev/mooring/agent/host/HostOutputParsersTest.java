package dev.mooring.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mooring.agent.domain.IscsiTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host layer's parsers on real-shaped outputs of iscsiadm, multipath, blkid and /proc/self/mountinfo. */
class HostOutputParsersTest {

    private static final String PURE_A = "iqn.2010-06.com.purestorage:flasharray.6c1b16ce1c034d1c";

    @Test
    void iscsiSessionsGiveTargetPortalStateAndAttachedDisks() {
        List<IscsiSessions.Session> sessions = IscsiSessions.parse(resource("iscsiadm-session-P3.txt"));
        assertThat(sessions).extracting(IscsiSessions.Session::target, IscsiSessions.Session::sid,
                IscsiSessions.Session::loggedIn, IscsiSessions.Session::hostNumber).containsExactly(
                tuple(new IscsiTarget(PURE_A, "192.0.2.11:3260"), 1, true, 2),
                tuple(new IscsiTarget(PURE_A, "192.0.2.12:3260"), 2, true, 3),
                tuple(new IscsiTarget("iqn.2010-06.com.purestorage:flasharray.704f2c1a9b3e4c5d", "198.51.100.11:3260"),
                        3, false, 4));
        assertThat(sessions.get(0).disks()).extracting(IscsiSessions.Disk::lun, IscsiSessions.Disk::hctl,
                IscsiSessions.Disk::device).containsExactly(tuple(1, "2:0:0:1", "sdb"), tuple(2, "2:0:0:2", "sdd"));
        assertThat(sessions.get(2).disks()).isEmpty();
    }

    @Test
    void multipathMapsGiveWwidSizeAndPathStates() {
        List<DeviceMap> maps = MultipathMaps.parse(resource("multipath-ll.txt"), "/dev/mapper");
        assertThat(maps).extracting(DeviceMap::wwid, DeviceMap::sizeBytes, DeviceMap::activePaths, DeviceMap::ioFailed)
                .containsExactly(
                        tuple("3624a93706c1b16ce1c034d1c00000001", 10L << 30, 2, false),
                        tuple("3624a93706c1b16ce1c034d1c00000002", Math.round(1.5 * (1L << 40)), 0, true),
                        tuple("36000c2931a2b3c4d5e6f708192a3b4c5", 100L << 30, 1, false));
        assertThat(maps.get(0).devicePath()).isEqualTo("/dev/mapper/3624a93706c1b16ce1c034d1c00000001");
        assertThat(maps.get(1).paths()).extracting(DeviceMap.Path::device, DeviceMap.Path::state)
                .containsExactly(tuple("sdd", "failed"), tuple("sdf", "failed"));
    }

    @Test
    void multipathMapsWithFriendlyNamesAndAluaStandbyPaths() {
        List<DeviceMap> maps = MultipathMaps.parse(resource("multipath-ll-friendly.txt"), "/dev/mapper");
        assertThat(maps).singleElement().satisfies(m -> {
            assertThat(m.wwid()).isEqualTo("3624a93706c1b16ce1c034d1c0000000a");
            assertThat(m.devicePath()).isEqualTo("/dev/mapper/mpatha");
            assertThat(m.sizeBytes()).isEqualTo(512L << 20);
            assertThat(m.paths()).extracting(DeviceMap.Path::device, DeviceMap.Path::state)
                    .containsExactly(tuple("sdg", "active"), tuple("sdh", "standby"));
        });
    }

    @Test
    void blkidFindsAFilesystemOrAPartitionTable() {
        BlkidProbe ext4 = BlkidProbe.parse(resource("blkid-ext4.txt"));
        assertThat(ext4.type()).isEqualTo("ext4");
        assertThat(ext4.empty()).isFalse();
        assertThat(ext4.describe()).isEqualTo("an ext4 filesystem (UUID 5d8d6c5a-0b3e-4b0e-9a53-2f3c1a7e9d10)");
        BlkidProbe dos = BlkidProbe.parse(resource("blkid-dos.txt"));
        assertThat(dos.type()).isNull();
        assertThat(dos.ptType()).isEqualTo("dos");
        assertThat(dos.describe()).isEqualTo("a dos partition table");
        assertThat(BlkidProbe.EMPTY.empty()).isTrue();
    }

    @Test
    void mountinfoGivesMountsOptionsAndEscapedPaths() {
        MountTable t = MountTable.parse(resource("mountinfo.txt"));
        assertThat(t.at("/var/lib/kubelet/pods/p1/volumes/kubernetes.io~csi/pvc-1/mount")).hasValueSatisfying(e -> {
            assertThat(e.readOnly()).isTrue();
            assertThat(e.fsType()).isEqualTo("ext4");
            assertThat(e.majorMinor()).isEqualTo("253:2");
        });
        assertThat(t.at("/var/lib/kubelet/pods/p2/volumeDevices/kubernetes.io~csi/pvc 2")).hasValueSatisfying(e ->
                assertThat(e.root()).isEqualTo("/dm-3"));
        assertThat(t.mountsOf("253:2")).isEqualTo(2);
        assertThat(t.at("/nowhere")).isEmpty();
    }

    @Test
    void statfsOutputBecomesBytesAndInodes() {
        Filesystems.FsUsage u = Filesystems.FsUsage.parse("4096 15751 15480 15480 16384 16373");
        assertThat(u.totalBytes()).isEqualTo(15751L * 4096);
        assertThat(u.availableBytes()).isEqualTo(15480L * 4096);
        assertThat(u.usedBytes()).isEqualTo((15751L - 15480) * 4096);
        assertThat(u.totalInodes()).isEqualTo(16384);
        assertThat(u.freeInodes()).isEqualTo(16373);
    }

    static String resource(String name) {
        try (InputStream in = HostOutputParsersTest.class.getResourceAsStream("/host/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
